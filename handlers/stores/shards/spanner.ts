/**
 * Shards in one Spanner table, primary key `(Shard, Id)` (settings-document.ts's spannerShardDdl):
 * a shard is one key range, read in Id order (STRING compares as UTF-8 bytes), which Spanner splits
 * as it grows or heats up. Every change is a read-write transaction that reads the row and buffers
 * its mutation only when the condition holds; a racing writer's transaction aborts, runs again
 * (clients/spanner-rest.ts) and then reads the winner's version.
 */
import type { SpannerDatabase, SpannerRow, SpannerTransaction } from "../clients/spanner-rest";
import { fromItem } from "../documents/item";
import { SPANNER_IDENTIFIER } from "../documents/spanner";
import { DocumentVersionConflictError, ShardStore, StoredDocument, storedDocument } from "./port";

const COLUMNS = ["Id", "Version", "Deleted", "Body"];
const INT64 = { code: "INT64" };

/** fromItem takes REST's values as they come (INT64 as a string). */
function fromRow(row: SpannerRow): StoredDocument {
    return fromItem({ id: row.Id, version: row.Version, deleted: row.Deleted, body: row.Body });
}

export function spannerShardStore(database: SpannerDatabase, table: string, shard: string): ShardStore {
    if (!SPANNER_IDENTIFIER.test(table)) throw new Error(`Spanner table must match ${SPANNER_IDENTIFIER}, got ${JSON.stringify(table)}`);
    const select = (columns = COLUMNS.join(", ")) => `SELECT ${columns} FROM ${table} WHERE Shard = @shard`;
    const byId = (id: string, columns?: string) => ({ sql: `${select(columns)} AND Id = @id`, params: { shard, id } });
    /** The version stored in the transaction's snapshot; 0 when the id is not stored. */
    const storedVersion = async (tx: SpannerTransaction, id: string) => Number((await tx.query(byId(id, "Version")))[0]?.Version ?? 0);
    const put = (tx: SpannerTransaction, item: StoredDocument) =>
        tx.write({
            insertOrUpdate: {
                table,
                columns: ["Shard", ...COLUMNS],
                values: [[shard, item.id, String(item.version), item.deleted, JSON.stringify(item.document)]],
            },
        });
    return {
        async read(id) {
            const [row] = await database.query(byId(id));
            return row && fromRow(row);
        },
        async write(id, next, expectedVersion) {
            const item = storedDocument(id, next, expectedVersion + 1);
            const stored = await database.readWrite(async (tx) => {
                const version = await storedVersion(tx, id);
                if (version === expectedVersion) put(tx, item);
                return version;
            });
            if (stored !== expectedVersion) throw new DocumentVersionConflictError(id, expectedVersion, stored);
            return item;
        },
        async list(after, limit) {
            const rows = await database.query(
                after === undefined
                    ? { sql: `${select()} ORDER BY Id LIMIT @limit`, params: { shard, limit: String(limit) }, paramTypes: { limit: INT64 } }
                    : {
                          sql: `${select()} AND Id > @after ORDER BY Id LIMIT @limit`,
                          params: { shard, after, limit: String(limit) },
                          paramTypes: { limit: INT64 },
                      },
            );
            return rows.map(fromRow);
        },
        copy: (item) =>
            database.readWrite(async (tx) => {
                if ((await storedVersion(tx, item.id)) !== 0) return false;
                put(tx, item);
                return true;
            }),
        remove: (id, version) =>
            database.readWrite(async (tx) => {
                const stored = await storedVersion(tx, id);
                if (stored === 0 || (version !== undefined && stored !== version)) return false;
                tx.write({ delete: { table, keySet: { keys: [[shard, id]] } } });
                return true;
            }),
    };
}
