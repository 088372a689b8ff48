/**
 * The read model's BigQuery table: its columns, made from the declared read model. Pure, so the
 * component declaring the table and the store writing its rows share one definition.
 */
import { DELETED_FIELD, type FieldDocument, type ReadModelDocument, VERSION_FIELD } from "../../cqrs/settings-document";

/** The row's document id (the read model's key field keeps it too, under its own name). */
export const ID_COLUMN = "cqrsId";
export const PROJECTED_AT_COLUMN = "cqrsProjectedAt";

export const COLUMN_TYPES: Record<FieldDocument["type"], { type: string; mode?: string }> = {
    string: { type: "STRING" },
    "string[]": { type: "STRING", mode: "REPEATED" },
    number: { type: "FLOAT64" },
    integer: { type: "INT64" },
    boolean: { type: "BOOL" },
    date: { type: "TIMESTAMP" },
};

/** The table's schema (a `bigquery.Table` schema), made from the read model. */
export function bigQuerySchema(readModel: ReadModelDocument): { name: string; type: string; mode: string }[] {
    return [
        { name: ID_COLUMN, type: "STRING", mode: "REQUIRED" },
        { name: VERSION_FIELD, type: "INT64", mode: "REQUIRED" },
        { name: DELETED_FIELD, type: "BOOL", mode: "REQUIRED" },
        { name: PROJECTED_AT_COLUMN, type: "TIMESTAMP", mode: "REQUIRED" },
        ...Object.entries(readModel.fields).map(([name, f]) => ({
            name,
            type: COLUMN_TYPES[f.type].type,
            mode: COLUMN_TYPES[f.type].mode ?? "NULLABLE",
        })),
    ];
}
