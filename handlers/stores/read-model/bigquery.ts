/**
 * The read model on BigQuery, through its REST API: the projector appends one row per version
 * (`tabledata.insertAll`, insertId `<id>:<version>` for BigQuery's best-effort dedup, invalid rows
 * reported by index), and every read takes the newest version of each id (QUALIFY ROW_NUMBER), so a
 * redelivered or late older row never wins. Queries go through `jobs.query` with named parameters:
 * values are never part of the SQL text; column names come only from the declared read model.
 * Formats: cloud.google.com/bigquery/docs/reference/rest/v2 tabledata/insertAll and jobs/query.
 */
import { DELETED_FIELD, FieldDocument, ReadModelDocument, VERSION_FIELD } from "../../cqrs/settings-document";
import { COLUMN_TYPES, ID_COLUMN, PROJECTED_AT_COLUMN } from "./bigquery-schema";
import { fromRecord, storedRecord } from "./fields";
import { HttpFetch, sendJson } from "./http";
import type { Filter, ReadDocument, ReadModelStore } from "./port";

const SERVICE = "BigQuery";
/** The API's root; `cloud-patterns dev` moves it to its local stand-in. */
export const BIGQUERY_ROOT = "https://bigquery.googleapis.com";

type QueryParameter = { name: string; parameterType: object; parameterValue: object };

const SQL_OPS = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function scalarParameter(name: string, type: FieldDocument["type"], value: string | number | boolean): QueryParameter {
    const bqType = type === "string[]" ? "STRING" : COLUMN_TYPES[type].type;
    return { name, parameterType: { type: bqType }, parameterValue: { value: String(value) } };
}

/** The SQL and parameters of a search: declared column names only, every value a named parameter. */
export function bigQuerySearch(table: string, readModel: ReadModelDocument, query: import("./port").SearchQuery) {
    const params: QueryParameter[] = [];
    const where = [`NOT ${DELETED_FIELD}`];
    const searchable = Object.keys(readModel.fields).filter((f) => readModel.fields[f].searchable);
    if (query.text) {
        params.push({ name: "q", parameterType: { type: "STRING" }, parameterValue: { value: query.text } });
        where.push(`(${searchable.map((f) => `CONTAINS_SUBSTR(\`${f}\`, @q)`).join(" OR ")})`);
    }
    query.filters.forEach((f: Filter, i) => {
        const type = readModel.fields[f.field].type;
        params.push(scalarParameter(`f${i}`, type, f.value));
        where.push(type === "string[]" ? `@f${i} IN UNNEST(\`${f.field}\`)` : `\`${f.field}\` ${SQL_OPS[f.op]} @f${i}`);
    });
    params.push(
        { name: "limit", parameterType: { type: "INT64" }, parameterValue: { value: String(query.limit + 1) } },
        { name: "offset", parameterType: { type: "INT64" }, parameterValue: { value: String(query.offset) } },
    );
    const order = query.sort.length ? query.sort.map((s) => `\`${s.field}\` ${s.descending ? "DESC" : "ASC"}`).join(", ") : ID_COLUMN;
    const sql = `SELECT * FROM (${latest(table)}) WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
    return { sql, params };
}

/** The newest row of each id; BigQuery takes QUALIFY only in a query with a WHERE, GROUP BY or HAVING, hence `WHERE TRUE`. */
function latest(table: string, filter = " WHERE TRUE"): string {
    return `SELECT * FROM \`${table}\`${filter} QUALIFY ROW_NUMBER() OVER (PARTITION BY ${ID_COLUMN} ORDER BY ${VERSION_FIELD} DESC) = 1`;
}

interface QueryResponse {
    jobComplete: boolean;
    jobReference?: { projectId: string; jobId: string; location?: string };
    schema?: { fields: { name: string; type: string; mode?: string }[] };
    rows?: { f: { v: unknown }[] }[];
}

export function bigQueryReadModel(
    fetch: HttpFetch,
    projectId: string,
    dataset: string,
    table: string,
    readModel: ReadModelDocument,
    now: () => Date = () => new Date(),
    root: string = BIGQUERY_ROOT,
): ReadModelStore {
    const API = `${root.replace(/\/+$/, "")}/bigquery/v2`;
    const tableRef = `${projectId}.${dataset}.${table}`;
    const fields = Object.keys(readModel.fields);

    const run = async (sql: string, queryParameters: QueryParameter[]): Promise<Record<string, unknown>[]> => {
        let { body } = await sendJson<QueryResponse>(SERVICE, fetch, "POST", `${API}/projects/${projectId}/queries`, {
            query: sql,
            useLegacySql: false,
            parameterMode: "NAMED",
            queryParameters,
            timeoutMs: 10_000,
        });
        // A query that outlasts timeoutMs is still running: its results are fetched by job id.
        for (let i = 0; !body.jobComplete && body.jobReference && i < 10; i++) {
            const { jobId, location } = body.jobReference;
            const at = location ? `&location=${encodeURIComponent(location)}` : "";
            body = (
                await sendJson<QueryResponse>(SERVICE, fetch, "GET", `${API}/projects/${projectId}/queries/${jobId}?timeoutMs=10000${at}`)
            ).body;
        }
        if (!body.jobComplete) throw new Error(`${SERVICE}: the query did not complete`);
        return (body.rows ?? []).map((row) => rowObject(body.schema?.fields ?? [], row));
    };
    const toDocument = (row: Record<string, unknown>): ReadDocument => fromRecord(String(row[ID_COLUMN]), row, fields);

    return {
        async getMany(ids) {
            if (ids.length === 0) return new Map();
            const rows = await run(latest(tableRef, ` WHERE ${ID_COLUMN} IN UNNEST(@ids)`), [
                {
                    name: "ids",
                    parameterType: { type: "ARRAY", arrayType: { type: "STRING" } },
                    parameterValue: { arrayValues: ids.map((value) => ({ value })) },
                },
            ]);
            return new Map(rows.map((r) => [String(r[ID_COLUMN]), toDocument(r)]));
        },
        async write(documents) {
            const projectedAt = now().toISOString();
            const rows = documents.map((d) => ({
                insertId: `${d.id}:${d.version}`,
                json: { [ID_COLUMN]: d.id, [PROJECTED_AT_COLUMN]: projectedAt, ...storedRecord(d) },
            }));
            const { body } = await sendJson<{ insertErrors?: { index: number; errors: { reason: string; message: string }[] }[] }>(
                SERVICE,
                fetch,
                "POST",
                `${API}/projects/${projectId}/datasets/${dataset}/tables/${table}/insertAll`,
                { skipInvalidRows: true, rows },
            );
            const errors = new Map(
                (body.insertErrors ?? []).map((e) => [e.index, e.errors.map((x) => `${x.reason}: ${x.message}`).join("; ")]),
            );
            return documents.map((d, i) => (errors.has(i) ? { id: d.id, error: errors.get(i) } : { id: d.id }));
        },
        async search(query) {
            const { sql, params } = bigQuerySearch(tableRef, readModel, query);
            const rows = await run(sql, params);
            return { items: rows.slice(0, query.limit).map(toDocument), more: rows.length > query.limit };
        },
    };
}

/** A jobs.query row (`{f: [{v}]}`, values as strings) as a plain object typed by the schema. */
function rowObject(schema: { name: string; type: string; mode?: string }[], row: { f: { v: unknown }[] }): Record<string, unknown> {
    const value = (type: string, v: unknown): unknown => {
        if (v === null || v === undefined) return undefined;
        switch (type) {
            case "INTEGER":
            case "INT64":
            case "FLOAT":
            case "FLOAT64":
                return Number(v);
            case "BOOLEAN":
            case "BOOL":
                return v === "true" || v === true;
            case "TIMESTAMP":
                // jobs.query gives seconds since the epoch as a decimal string.
                return new Date(Number(v) * 1000).toISOString();
            default:
                return v;
        }
    };
    return Object.fromEntries(
        schema.map((field, i) => {
            const cell = row.f[i]?.v;
            return [
                field.name,
                field.mode === "REPEATED"
                    ? ((cell as { v: unknown }[] | null) ?? []).map((x) => value(field.type, x.v))
                    : value(field.type, cell),
            ];
        }),
    );
}
