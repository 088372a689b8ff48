/**
 * A shard on PostgreSQL: one table per shard database, `sharded_items`, keyed by id in the "C"
 * collation so its order is byte order, as on every other store. A write is one conditional
 * statement (INSERT ... ON CONFLICT DO NOTHING for the first version, UPDATE ... WHERE version = $n
 * after), so racing writers need no transaction. Works with a `pg` Pool and with PGlite.
 */
import type { Queryable } from "../clients/postgres";
import { DocumentVersionConflictError, ShardStore, StoredDocument, storedDocument } from "./port";

export const SHARD_TABLE = "sharded_items";
/** A table name, optionally schema-qualified; unquoted, so lower case. */
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/;

/** DDL for a shard's table; idempotent, so a function may run it at cold start. */
export function shardTableSchema(table = SHARD_TABLE): string {
    checkTable(table);
    return `CREATE TABLE IF NOT EXISTS ${table} (
    id TEXT COLLATE "C" PRIMARY KEY,
    version BIGINT NOT NULL CHECK (version >= 1),
    deleted BOOLEAN NOT NULL,
    body JSONB NOT NULL
)`;
}

function checkTable(table: string): void {
    if (!TABLE_NAME.test(table)) throw new Error(`PostgreSQL shard table must match ${TABLE_NAME}, got ${JSON.stringify(table)}`);
}

interface Row {
    id: string;
    version: string | number;
    deleted: boolean;
    body: Record<string, unknown>;
}

function fromRow(row: Row): StoredDocument {
    return { id: row.id, version: Number(row.version), deleted: row.deleted, document: row.deleted ? {} : row.body };
}

export function postgresShardStore(db: Queryable, table = SHARD_TABLE): ShardStore {
    checkTable(table);
    const columns = "id, version, deleted, body";
    const read = async (id: string) => {
        const { rows } = await db.query(`SELECT ${columns} FROM ${table} WHERE id = $1`, [id]);
        return rows.length ? fromRow(rows[0] as Row) : undefined;
    };
    const insert = async (item: StoredDocument) => {
        const { rows } = await db.query(
            `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
            [item.id, item.version, item.deleted, JSON.stringify(item.document)],
        );
        return rows.length === 1;
    };
    return {
        read,
        async write(id, next, expectedVersion) {
            const item = storedDocument(id, next, expectedVersion + 1);
            const written =
                expectedVersion === 0
                    ? await insert(item)
                    : (
                          await db.query(
                              `UPDATE ${table} SET version = $2, deleted = $3, body = $4 WHERE id = $1 AND version = $5 RETURNING id`,
                              [id, item.version, item.deleted, JSON.stringify(item.document), expectedVersion],
                          )
                      ).rows.length === 1;
            if (!written) throw new DocumentVersionConflictError(id, expectedVersion, (await read(id))?.version ?? 0);
            return item;
        },
        async list(after, limit) {
            const { rows } = await db.query(
                after === undefined
                    ? `SELECT ${columns} FROM ${table} ORDER BY id LIMIT $1`
                    : `SELECT ${columns} FROM ${table} WHERE id > $2 ORDER BY id LIMIT $1`,
                after === undefined ? [limit] : [limit, after],
            );
            return (rows as Row[]).map(fromRow);
        },
        copy: insert,
        async remove(id, version) {
            const { rows } = await db.query(
                version === undefined
                    ? `DELETE FROM ${table} WHERE id = $1 RETURNING id`
                    : `DELETE FROM ${table} WHERE id = $1 AND version = $2 RETURNING id`,
                version === undefined ? [id] : [id, version],
            );
            return rows.length === 1;
        },
    };
}
