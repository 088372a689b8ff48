/**
 * The write model on Spanner: one row per document in a table `(Id, Version, Deleted, Body)` with
 * a change stream on it (value capture NEW_ROW: the projector gets the whole row). A write is a
 * read-write transaction that checks the version it read and upserts the next one. The DDL is
 * here so the component's database and the tests' emulator database are made from one text.
 */
import type { SpannerDatabase, SpannerRow } from "../clients/spanner-rest";
import { fromItem, toItem } from "./item";
import { DocumentStore, DocumentVersionConflictError, storedDocument } from "./port";

/** Spanner identifiers: letters, digits, underscores, starting with a letter, at most 128. */
export const SPANNER_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/** The table and its change stream; `retention` is the change stream's retention period. */
export function spannerDocumentDdl(table: string, changeStream: string, retention = "1d"): string[] {
    for (const name of [table, changeStream]) {
        if (!SPANNER_IDENTIFIER.test(name))
            throw new Error(`Spanner identifier must match ${SPANNER_IDENTIFIER}, got ${JSON.stringify(name)}`);
    }
    return [
        `CREATE TABLE ${table} (Id STRING(MAX) NOT NULL, Version INT64 NOT NULL, Deleted BOOL NOT NULL, Body STRING(MAX) NOT NULL) PRIMARY KEY (Id)`,
        `CREATE CHANGE STREAM ${changeStream} FOR ${table} OPTIONS (value_capture_type = 'NEW_ROW', retention_period = '${retention}')`,
    ];
}

/** A row as REST reads it: INT64 comes as a string. */
interface Row {
    Id: string;
    Version: string;
    Deleted: boolean;
    Body: string;
}

const COLUMNS = ["Id", "Version", "Deleted", "Body"];

export function spannerDocumentStore(database: SpannerDatabase, table: string): DocumentStore {
    if (!SPANNER_IDENTIFIER.test(table)) throw new Error(`Spanner table must match ${SPANNER_IDENTIFIER}, got ${JSON.stringify(table)}`);
    const select = (id: string) => ({ sql: `SELECT ${COLUMNS.join(", ")} FROM ${table} WHERE Id = @id`, params: { id } });
    const first = (rows: SpannerRow[]) => rows[0] as unknown as Row | undefined;
    return {
        async read(id) {
            const row = first(await database.query(select(id)));
            return row && fromItem({ id: row.Id, version: row.Version, deleted: row.Deleted, body: row.Body });
        },
        async write(id, next, expectedVersion) {
            const version = expectedVersion + 1;
            // readWrite runs this again when the transaction aborts (a racing writer).
            const actual = await database.readWrite(async (tx) => {
                const stored = Number(first(await tx.query(select(id)))?.Version ?? 0);
                if (stored !== expectedVersion) return stored;
                const item = toItem(id, next, version);
                tx.write({
                    insertOrUpdate: { table, columns: COLUMNS, values: [[item.id, String(item.version), item.deleted, item.body]] },
                });
                return undefined;
            });
            if (actual !== undefined) throw new DocumentVersionConflictError(id, expectedVersion, actual);
            return storedDocument(id, next, version);
        },
    };
}
