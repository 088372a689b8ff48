import { Claim, ClaimResult, IdempotencyRecord, IdempotencyStore } from "./port";
import { Queryable } from "../clients/postgres";

/** DDL of the records table; run once by the deployment or by {@link PostgresIdempotencyStore.createTable}. */
export function idempotencyTableDdl(table: string): string {
    return `CREATE TABLE IF NOT EXISTS ${table} (
    key text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('INPROGRESS', 'COMPLETED')),
    expires_at bigint NOT NULL,
    in_progress_until bigint NOT NULL,
    token text NOT NULL,
    result text
)`;
}

interface Row {
    key: string;
    status: "INPROGRESS" | "COMPLETED";
    expires_at: string | number;
    in_progress_until: string | number;
    token: string;
    result: string | null;
}

/**
 * Idempotency records in PostgreSQL (pg Pool or PGlite). A claim is one INSERT ... ON CONFLICT
 * DO UPDATE ... WHERE: of two racing claims, the second waits on the first's row lock and then
 * re-checks the WHERE against the committed row, so exactly one wins.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
    constructor(
        private readonly db: Queryable,
        private readonly table = "idempotency_records",
    ) {
        if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(table)) {
            throw new RangeError(`table must be a lower-case SQL identifier (optionally schema-qualified), got ${JSON.stringify(table)}`);
        }
    }

    async createTable(): Promise<void> {
        await this.db.query(idempotencyTableDdl(this.table));
    }

    async claim(claim: Claim): Promise<ClaimResult> {
        const { rows } = await this.db.query(
            `INSERT INTO ${this.table} AS r (key, status, expires_at, in_progress_until, token, result)
             VALUES ($1, 'INPROGRESS', $2, $3, $4, NULL)
             ON CONFLICT (key) DO UPDATE
                SET status = 'INPROGRESS', expires_at = EXCLUDED.expires_at, in_progress_until = EXCLUDED.in_progress_until,
                    token = EXCLUDED.token, result = NULL
              WHERE r.expires_at <= $5 OR (r.status = 'INPROGRESS' AND r.in_progress_until <= $5)
             RETURNING token`,
            [claim.key, claim.expiresAt, claim.inProgressUntil, claim.token, claim.now],
        );
        if (rows.length === 1) return { acquired: true };
        return { acquired: false, existing: await this.get(claim.key) };
    }

    async complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean> {
        const { rows } = await this.db.query(
            `UPDATE ${this.table} SET status = 'COMPLETED', result = $3, expires_at = $4
              WHERE key = $1 AND token = $2 AND status = 'INPROGRESS' RETURNING key`,
            [key, token, result, expiresAt],
        );
        return rows.length === 1;
    }

    async release(key: string, token: string): Promise<void> {
        await this.db.query(`DELETE FROM ${this.table} WHERE key = $1 AND token = $2`, [key, token]);
    }

    async get(key: string): Promise<IdempotencyRecord | undefined> {
        const { rows } = await this.db.query(`SELECT * FROM ${this.table} WHERE key = $1`, [key]);
        const row = rows[0] as Row | undefined;
        if (!row) return undefined;
        return {
            key: row.key,
            status: row.status,
            expiresAt: Number(row.expires_at),
            inProgressUntil: Number(row.in_progress_until),
            token: row.token,
            ...(row.result !== null ? { result: row.result } : {}),
        };
    }
}
