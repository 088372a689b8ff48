/**
 * PostgreSQL event log on the catalogue's `events` table: `UNIQUE(aggregate_id, version)` makes
 * a second writer of a version fail with 23505, and one multi-row INSERT is atomic.
 * Works with a `pg` Pool (a server) and with PGlite (embedded): both answer `query(text, params)`.
 *
 * One change from the catalogue: `aggregate_id` is TEXT, not UUID, because stream ids are the
 * caller's names (`account-42`); `metadata` is added beside `event_data`.
 */
import { Queryable } from "../clients/postgres";
import { preparedStatements } from "../clients/postgres-prepared";
import { EventLog, PendingEvent, StreamHead, VersionTakenError } from "./log";
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

    async function head(stream: string): Promise<StreamHead | undefined> {
        const { rows } = await sql.query<{ version: number; created_at: Date | string }>(
            `SELECT version, created_at FROM ${events} WHERE aggregate_id = $1 ORDER BY version DESC LIMIT 1`,
            [stream],
        );
        return rows[0] && { version: rows[0].version, recordedAt: new Date(rows[0].created_at) };
    }

    type StoredRow = { version: number; created_at: Date | string };

    /**
     * Each event as a VALUES tuple of parameters added to `params`, numbered 1, 2, ...:
     * (event_id, event_type, event_data, metadata, ord).
     */
    function eventValues(params: unknown[], pending: readonly PendingEvent[]): string {
        return pending
            .map((e, i) => {
                const [id, type, data, metadata] = [e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)].map(
                    (value) => `$${params.push(value)}`,
                );
                return `(${id}::uuid, ${type}, ${data}::jsonb, ${metadata}::jsonb, ${i + 1})`;
            })
            .join(", ");
    }

    const columns = "event_id, aggregate_id, event_type, event_data, metadata, version, created_at";
    const prepared = preparedStatements(db);

    /**
     * The statement text for `count` events after an expected version: the same text for every
     * stream and version, so the database parses and plans it once. Parameters: $1 stream,
     * $2 time, $3 the expected version, then (event_id, event_type, event_data, metadata) per
     * event. For version 0 a plain INSERT; after it, the INSERT selects its rows only when an
     * index probe on (stream, version) finds the expected version stored no later than $2.
     */
    const texts = new Map<string, string>();
    const afterVersionText = (count: number, fromStart: boolean) => {
        const key = `${count}:${fromStart}`;
        const known = texts.get(key);
        if (known) return known;
        const rows = Array.from({ length: count }, (_, i) => {
            const at = 4 + i * 4;
            return `($${at}::uuid, $1::text, $${at + 1}::varchar, $${at + 2}::jsonb, $${at + 3}::jsonb, $3::integer + ${i + 1}, $2::timestamptz)`;
        });
        const text = fromStart
            ? `INSERT INTO ${events} (${columns}) VALUES ${rows.join(", ")}`
            : `INSERT INTO ${events} (${columns}) SELECT * FROM (VALUES ${rows.join(", ")}) AS e
               WHERE EXISTS (SELECT 1 FROM ${events} WHERE aggregate_id = $1::text AND version = $3::integer AND created_at <= $2::timestamptz)`;
        texts.set(key, text);
        return text;
    };

    /**
     * An expected version, the common case: the events go in as versions after+1, ... stamped
     * `now`, when version `after` is stored no later than `now` (for 0, a plain INSERT); nothing
     * comes back but the count. A stored after+1 fails the INSERT on the uniqueness of
     * (stream, version): "version-taken". "not-appended": version `after` is not stored, or is
     * later than this writer's clock; the general statement below tells the two apart.
     */
    async function appendAfterVersion(stream: string, after: number, pending: readonly PendingEvent[], now: Date) {
        const values: unknown[] = [stream, now, after];
        for (const e of pending) values.push(e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
        try {
            const inserted = await versionTaken(uniqueVersion, stream, () =>
                prepared(afterVersionText(pending.length, after === 0), values),
            );
            return inserted === pending.length ? "appended" : "not-appended";
        } catch (err) {
            if (err instanceof VersionTakenError) return "version-taken";
            throw err;
        }
    }

    /**
     * The events after whatever the head is, read in the same statement, stamped no earlier than
     * it, when the head meets `expectation` (SQL on head.version, its parameters added to
     * `params`); none stored when it does not.
     */
    async function appendAfterLast(
        stream: string,
        expectation: (params: unknown[]) => string,
        pending: readonly PendingEvent[],
        now: Date,
    ): Promise<StoredRow[]> {
        const params: unknown[] = [stream, now];
        const values = eventValues(params, pending);
        const condition = expectation(params);
        const { rows } = await versionTaken(uniqueVersion, stream, () =>
            sql.query<StoredRow>(
                `INSERT INTO ${events} (event_id, aggregate_id, event_type, event_data, metadata, version, created_at)
                 SELECT e.event_id, $1, e.event_type, e.event_data, e.metadata, head.version + e.ord, GREATEST(head.created_at, $2::timestamptz)
                 FROM (SELECT COALESCE(MAX(version), 0) AS version, MAX(created_at) AS created_at
                       FROM (SELECT version, created_at FROM ${events} WHERE aggregate_id = $1 ORDER BY version DESC LIMIT 1) AS last) AS head,
                      (VALUES ${values}) AS e (event_id, event_type, event_data, metadata, ord)
                 WHERE ${condition}
                 RETURNING version, created_at`,
                params,
            ),
        );
        return [...rows].sort((x, y) => x.version - y.version);
    }

    return {
        maxEventsPerAppend: 1000,

        head,

        async insert(batch) {
            const params: unknown[] = [];
            const values = batch.map((e) => {
                const at = params.length;
                params.push(e.eventId, e.stream, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.version, e.recordedAt);
                return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::jsonb, $${at + 5}::jsonb, $${at + 6}, $${at + 7})`;
            });
            await versionTaken(uniqueVersion, batch[0].stream, () =>
                sql.query(
                    `INSERT INTO ${events} (event_id, aggregate_id, event_type, event_data, metadata, version, created_at) VALUES ${values.join(", ")}`,
                    params,
                ),
            );
        },

        // The expectation is checked inside the INSERT, so an append costs one round trip (a
        // refused expectation costs a second, to report the head's version); UNIQUE(aggregate_id,
        // version) still decides between racing writers.
        async appendAfterHead(stream, expected, pending, now) {
            const after = expected === "no-stream" ? 0 : expected;
            if (typeof after === "number") {
                const outcome = await appendAfterVersion(stream, after, pending, now);
                if (outcome === "appended")
                    return { appended: pending.map((e, i) => ({ ...e, stream, version: after + i + 1, recordedAt: now })) };
                if (outcome === "version-taken") return { conflictAt: (await head(stream))?.version ?? 0 };
            }
            const expectation = (params: unknown[]) =>
                typeof after === "number" ? `head.version = $${params.push(after)}::integer` : EXPECTATION_SQL[after];
            const stored = await appendAfterLast(stream, expectation, pending, now);
            if (stored.length === 0) return { conflictAt: (await head(stream))?.version ?? 0 };
            return {
                appended: pending.map((e, i) => ({ ...e, stream, version: stored[i].version, recordedAt: new Date(stored[i].created_at) })),
            };
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

/** The named expectations as conditions on the head's version. */
const EXPECTATION_SQL: Record<"stream-exists" | "any", string> = {
    "stream-exists": "head.version > 0",
    any: "TRUE",
};

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

/** Runs the statement, turning the (stream, version) uniqueness violation into {@link VersionTakenError}. */
async function versionTaken<T>(constraint: string, stream: string, statement: () => Promise<T>): Promise<T> {
    try {
        return await statement();
    } catch (err) {
        const e = err as { code?: string; constraint?: string };
        if (e.code === UNIQUE_VIOLATION && e.constraint === constraint) throw new VersionTakenError(stream, err);
        throw err;
    }
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
