/**
 * What Datastream writes to BigQuery for the Spanner write table, and the view that turns it back
 * into the read model's columns. Pure, so the component and the tests share one definition.
 *
 * Datastream copies the table as it is: `Id`, `Version`, `Deleted` and `Body` (the document as JSON
 * text, handlers/stores/documents/spanner.ts), plus the STRUCT column `datastream_metadata`. In merge
 * mode, for a table with a primary key, that struct holds `uuid` (STRING) and `source_timestamp`
 * (INTEGER) only; `is_deleted` exists only for tables without a primary key and `change_type` only in
 * append-only mode, and a row deleted at the source is deleted in BigQuery (Google Cloud, Datastream,
 * "BigQuery destination": Table metadata, Merge write mode; "Configure a BigQuery destination":
 * merge mode keeps no record of a deleted row). The write model never deletes a row: a DELETE
 * command stores a tombstone (`Deleted` true, `Body` "{}"), so the view carries `Deleted` as the
 * read model's tombstone flag and the query function filters on it, exactly as on the default path.
 */
import { DELETED_FIELD, type FieldDocument, type ReadModelDocument, VERSION_FIELD } from "../../handlers/cqrs/settings-document";
import { bigQuerySchema, COLUMN_TYPES, ID_COLUMN, PROJECTED_AT_COLUMN } from "../../handlers/stores/read-model/bigquery-schema";

export interface BigQueryColumn {
    readonly name: string;
    readonly type: string;
    readonly mode: string;
    readonly fields?: readonly BigQueryColumn[];
}

/** Datastream's metadata column in merge mode for a keyed table ("BigQuery destination", Merge write mode). */
export const DATASTREAM_METADATA: BigQueryColumn = {
    name: "datastream_metadata",
    type: "RECORD",
    mode: "NULLABLE",
    fields: [
        { name: "uuid", type: "STRING", mode: "NULLABLE" },
        { name: "source_timestamp", type: "INTEGER", mode: "NULLABLE" },
    ],
};

/**
 * The BigQuery table Datastream keeps for the write table: Spanner's STRING, INT64 and BOOL as
 * BigQuery's STRING, INTEGER and BOOLEAN, the key required, and Datastream's metadata column.
 */
export function datastreamTableSchema(): BigQueryColumn[] {
    return [
        { name: "Id", type: "STRING", mode: "REQUIRED" },
        { name: "Version", type: "INTEGER", mode: "REQUIRED" },
        { name: "Deleted", type: "BOOLEAN", mode: "REQUIRED" },
        { name: "Body", type: "STRING", mode: "REQUIRED" },
        DATASTREAM_METADATA,
    ];
}

/** The primary key BigQuery CDC merges on: the Spanner table's (BigQuery, "Stream table updates with change data capture": prerequisites). */
export const DATASTREAM_PRIMARY_KEY = ["Id"] as const;

/** A field read from the document: JSON_VALUE gives the scalar as STRING (NULL if absent or not a scalar), cast by the column's type. */
function fieldExpression(key: string, field: string, type: FieldDocument["type"]): string {
    // The key is the row's Id: the command handler sets the document's key field to it.
    if (field === key) return "Id";
    // FIELD_NAME (letters, digits, underscores) keeps the JSONPath key plain; quoted, it may be any member name.
    const path = `'$."${field}"'`;
    // A list of strings: JSON_VALUE_ARRAY, empty when absent (a REPEATED column has no NULL).
    if (type === "string[]") return `IFNULL(JSON_VALUE_ARRAY(Body, ${path}), [])`;
    if (type === "string") return `JSON_VALUE(Body, ${path})`;
    // SAFE_CAST: a value of the wrong type reads as NULL, as the projector's insertAll would refuse it.
    return `SAFE_CAST(JSON_VALUE(Body, ${path}) AS ${COLUMN_TYPES[type].type})`;
}

/**
 * The view's SELECT over Datastream's table (`project.dataset.table`): the columns the default
 * path's table has (bigquery-schema.ts), but for the projection time, which Datastream does not keep
 * (its `source_timestamp` is the Spanner commit time, not a projection's): the id, the version the
 * read-your-writes check compares, the tombstone flag and each read-model field, by the same names
 * and types, so the same query handler reads either.
 */
export function readModelViewSql(datastreamTable: string, readModel: ReadModelDocument): string {
    const columns = [
        `Id AS ${ID_COLUMN}`,
        `Version AS ${VERSION_FIELD}`,
        `Deleted AS ${DELETED_FIELD}`,
        ...Object.entries(readModel.fields).map(([field, f]) => `${fieldExpression(readModel.key, field, f.type)} AS \`${field}\``),
    ];
    return `SELECT ${columns.join(", ")} FROM \`${datastreamTable}\``;
}

/** The view's columns: the default path's table without its projection time. */
export function readModelViewColumns(readModel: ReadModelDocument): { name: string; type: string; mode: string }[] {
    return bigQuerySchema(readModel).filter((c) => c.name !== PROJECTED_AT_COLUMN);
}
