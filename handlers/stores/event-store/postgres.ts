/**
 * PostgreSQL event log on the catalogue's `events` table: `UNIQUE(aggregate_id, version)` makes
 * a second writer of a version fail with 23505, and one multi-row INSERT is atomic.
 * Works with a `pg` Pool (a server) and with PGlite (embedded): both answer `query(text, params)`.
 *
 * One change from the catalogue: `aggregate_id` is TEXT, not UUID, because stream ids are the
 * caller's names (`account-42`); `metadata` is added beside `event_data`.
 */
import { Queryable } from "../clients/postgres";
import { EventLog, StreamHead, VersionTakenError } from "./log";
import { RecordedEvent, Snapshot } from "./port";

export interface PostgresEventLogOptions {
    /** @default "events" */
    readonly eventsTable?: string;
    /** @default "snapshots" */
    readonly snapshotsTable?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const UNIQUE_VIOLATION = "23505";

/** DDL for the tables; idempotent, so a function may run it at cold start. */
export function eventStoreSchema(options: PostgresEventLogOptions = {}): string {
    const { events, snapshots } = tableNames(options);
    return `
CREATE TABLE IF NOT EXISTS ${events} (
    event_id UUID PRIMARY KEY,
    aggregate_id TEXT NOT NULL,
    event_type VARCHAR(255) NOT NULL,
    event_data JSONB NOT NULL,
    metadata JSONB NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT ${events}_stream_version UNIQUE (aggregate_id, version)
);
CREATE TABLE IF NOT EXISTS ${snapshots} (
    aggregate_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    state JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (aggregate_id, version)
);`;
}

interface EventRow {
    event_id: string;
    aggregate_id: string;
    event_type: string;
    event_data: unknown;
    metadata: Record<string, unknown>;
    version: number;
    created_at: Date | string;
}

export function postgresEventLog(db: Queryable, options: PostgresEventLogOptions = {}): EventLog {
    const { events, snapshots } = tableNames(options);
    const uniqueVersion = `${events}_stream_version`;
    const sql = { query: async <Row>(text: string, params: unknown[]) => (await db.query(text, params)) as { rows: Row[] } };

    return {
        maxEventsPerAppend: 1000,

        async head(stream): Promise<StreamHead | undefined> {
            const { rows } = await sql.query<{ version: number; created_at: Date | string }>(
                `SELECT version, created_at FROM ${events} WHERE aggregate_id = $1 ORDER BY version DESC LIMIT 1`,
                [stream],
            );
            return rows[0] && { version: rows[0].version, recordedAt: new Date(rows[0].created_at) };
        },

        async insert(batch) {
            const params: unknown[] = [];
            const values = batch.map((e) => {
                const at = params.length;
                params.push(e.eventId, e.stream, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.version, e.recordedAt);
                return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb, $${at + 5}::jsonb, $${at + 6}, $${at + 7})`;
            });
            try {
                await sql.query(
                    `INSERT INTO ${events} (event_id, aggregate_id, event_type, event_data, metadata, version, created_at) VALUES ${values.join(", ")}`,
                    params,
                );
            } catch (err) {
                const e = err as { code?: string; constraint?: string };
                if (e.code === UNIQUE_VIOLATION && e.constraint === uniqueVersion) throw new VersionTakenError(batch[0].stream, err);
                throw err;
            }
        },

        async read(stream, fromVersion, toVersion, until) {
            const { rows } = await sql.query<EventRow>(
                `SELECT event_id, aggregate_id, event_type, event_data, metadata, version, created_at FROM ${events}
                 WHERE aggregate_id = $1 AND version BETWEEN $2 AND $3 AND ($4::timestamptz IS NULL OR created_at <= $4::timestamptz)
                 ORDER BY version`,
                [stream, fromVersion, toVersion, until ?? null],
            );
            return rows.map(toRecorded);
        },

        async latestSnapshot(stream, maxVersion, until): Promise<Snapshot | undefined> {
            const { rows } = await sql.query<{ version: number; state: unknown; created_at: Date | string }>(
                `SELECT version, state, created_at FROM ${snapshots}
                 WHERE aggregate_id = $1 AND version <= $2 AND ($3::timestamptz IS NULL OR created_at <= $3::timestamptz)
                 ORDER BY version DESC LIMIT 1`,
                [stream, maxVersion, until ?? null],
            );
            return rows[0] && { stream, version: rows[0].version, recordedAt: new Date(rows[0].created_at), state: rows[0].state };
        },

        async saveSnapshot(snapshot) {
            await sql.query(
                `INSERT INTO ${snapshots} (aggregate_id, version, state, created_at) VALUES ($1, $2, $3::jsonb, $4)
                 ON CONFLICT (aggregate_id, version) DO UPDATE SET state = EXCLUDED.state, created_at = EXCLUDED.created_at`,
                [snapshot.stream, snapshot.version, JSON.stringify(snapshot.state), snapshot.recordedAt],
            );
        },
    };
}

function toRecorded(row: EventRow): RecordedEvent {
    return {
        stream: row.aggregate_id,
        version: row.version,
        eventId: row.event_id,
        type: row.event_type,
        data: row.event_data,
        metadata: row.metadata,
        recordedAt: new Date(row.created_at),
    };
}

function tableNames(options: PostgresEventLogOptions): { events: string; snapshots: string } {
    const events = options.eventsTable ?? "events";
    const snapshots = options.snapshotsTable ?? "snapshots";
    for (const [field, name] of [
        ["eventsTable", events],
        ["snapshotsTable", snapshots],
    ]) {
        if (!IDENTIFIER.test(name))
            throw new Error(`${field} must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got ${JSON.stringify(name)}`);
    }
    return { events, snapshots };
}
