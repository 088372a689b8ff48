/**
 * A BigQuery stand-in behind the adapter's `fetch`: no BigQuery emulator can be had here (none on
 * npm or in Debian; the community one is a Go binary), so the tables live in memory and the REST
 * calls the read model makes (handlers/stores/read-model/bigquery.ts) are answered in the shapes
 * the v2 REST reference documents (cloud.google.com/bigquery/docs/reference/rest/v2):
 * - `tabledata.insertAll`: each row checked against the table's schema (unknown field, missing
 *   REQUIRED field, wrong type: `insertErrors` by row index, reason `invalid`; without
 *   `skipInvalidRows` the other rows of a failing request are `stopped`, none inserted); rows with
 *   an `insertId` already seen are not inserted again (BigQuery's best-effort dedup, always here);
 * - `jobs.query` (GoogleSQL only, NAMED parameters) with the SQL subset ./bigquery-sql.ts evaluates,
 *   answered complete (`jobComplete: true`) as a `QueryResponse`: `schema` with the legacy type
 *   names, `rows` of `{ f: [{ v }] }`, scalars as strings, TIMESTAMP as seconds in E notation,
 *   REPEATED as a list of `{ v }`; and `jobs.getQueryResults` for a job it answered;
 * - errors in the Google APIs' shape `{ error: { code, message, errors: [{ message, domain, reason }], status } }`:
 *   400 `invalidQuery`, 404 `notFound`, 401 without a bearer token.
 */
import { randomUUID } from "node:crypto";
import type { HttpFetch } from "../../../handlers/stores/read-model/http";
import { BigQuerySqlError, type QueryParameter, runQuery, type SqlColumn, type SqlRow } from "./bigquery-sql";

/** A table the stand-in holds: `project.dataset.table` and its schema (the recorded `gcp.bigquery.Table`'s). */
export interface BigQueryTableDefinition {
    readonly projectId: string;
    readonly datasetId: string;
    readonly tableId: string;
    readonly schema: readonly SqlColumn[];
}

export interface BigQueryStandIn {
    readonly fetch: HttpFetch;
    /** The rows of `project.dataset.table`, as stored. */
    rows(reference: string): readonly SqlRow[] | undefined;
}

interface Table {
    readonly schema: readonly SqlColumn[];
    readonly rows: SqlRow[];
    readonly insertIds: Set<string>;
}

const STATUS: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND" };
const googleError = (code: number, reason: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message, errors: [{ message, domain: "global", reason }], status: STATUS[code] } }), {
        status: code,
        headers: { "content-type": "application/json; charset=UTF-8" },
    });
const ok = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json; charset=UTF-8" } });

/** jobs.query names types as the legacy SQL did. */
const LEGACY_TYPE: Record<string, string> = { INT64: "INTEGER", FLOAT64: "FLOAT", BOOL: "BOOLEAN" };

/** A JSON value of insertAll as stored, or why it does not fit the column. */
function stored(column: SqlColumn, value: unknown): { value: unknown } | { error: string } {
    if (value === null || value === undefined) {
        if (column.mode === "REQUIRED") return { error: `Missing required field: ${column.name}.` };
        return { value: column.mode === "REPEATED" ? [] : null };
    }
    if (column.mode === "REPEATED") {
        if (!Array.isArray(value)) return { error: `Array specified for non-repeated field: ${column.name}.` };
        const items = value.map((v) => stored({ ...column, mode: "REQUIRED" }, v));
        const bad = items.find((i) => "error" in i);
        return bad ?? { value: items.map((i) => (i as { value: unknown }).value) };
    }
    const fail = { error: `Cannot convert value to ${column.type.toLowerCase()}: ${JSON.stringify(value)}.` };
    switch (column.type) {
        case "STRING":
            return typeof value === "string" ? { value } : fail;
        case "INT64":
        case "INTEGER":
            return Number.isInteger(Number(value)) && typeof value !== "boolean" ? { value: Number(value) } : fail;
        case "FLOAT64":
        case "FLOAT":
            return typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
                ? { value: Number(value) }
                : fail;
        case "BOOL":
        case "BOOLEAN":
            return typeof value === "boolean" ? { value } : fail;
        case "TIMESTAMP": {
            const ms = typeof value === "number" ? value * 1000 : Date.parse(String(value));
            return Number.isNaN(ms) ? fail : { value: ms };
        }
        default:
            return { error: `The stand-in does not store ${column.type} columns (${column.name}).` };
    }
}

/** A stored value as jobs.query writes it in a row. */
function cell(column: SqlColumn, value: unknown): unknown {
    if (column.mode === "REPEATED") return ((value as unknown[]) ?? []).map((v) => ({ v: cell({ ...column, mode: "NULLABLE" }, v) }));
    if (value === null || value === undefined) return null;
    if (column.type === "TIMESTAMP") return ((value as number) / 1000).toExponential().replace("e+", "E");
    return String(value);
}

export function bigQueryStandIn(tables: readonly BigQueryTableDefinition[]): BigQueryStandIn {
    const byReference = new Map<string, Table>(
        tables.map((t) => [`${t.projectId}.${t.datasetId}.${t.tableId}`, { schema: t.schema, rows: [], insertIds: new Set() }]),
    );
    const answered = new Map<string, object>();

    const insertAll = (
        reference: string,
        body: { rows?: { insertId?: string; json: Record<string, unknown> }[]; skipInvalidRows?: boolean },
    ) => {
        const table = byReference.get(reference);
        if (!table) return googleError(404, "notFound", `Not found: Table ${reference.replace(".", ":")}`);
        const columns = new Map(table.schema.map((c) => [c.name, c]));
        const checked = (body.rows ?? []).map((row) => {
            const unknown = Object.keys(row.json).find((name) => !columns.has(name));
            if (unknown) return { errors: [{ reason: "invalid", location: unknown, debugInfo: "", message: "no such field." }] };
            const values: Record<string, unknown> = {};
            for (const column of table.schema) {
                const result = stored(column, row.json[column.name]);
                if ("error" in result)
                    return { errors: [{ reason: "invalid", location: column.name, debugInfo: "", message: result.error }] };
                values[column.name] = result.value;
            }
            return { values, insertId: row.insertId };
        });
        const failed = checked.some((c) => "errors" in c);
        const insertErrors = checked.flatMap((c, index) =>
            "errors" in c
                ? [{ index, errors: c.errors }]
                : failed && !body.skipInvalidRows
                  ? [{ index, errors: [{ reason: "stopped", location: "", debugInfo: "", message: "" }] }]
                  : [],
        );
        if (!failed || body.skipInvalidRows)
            for (const c of checked) {
                if (!("values" in c)) continue;
                if (c.insertId !== undefined && table.insertIds.has(c.insertId)) continue;
                if (c.insertId !== undefined) table.insertIds.add(c.insertId);
                table.rows.push(c.values!);
            }
        return ok({ kind: "bigquery#tableDataInsertAllResponse", ...(insertErrors.length && { insertErrors }) });
    };

    const query = (
        projectId: string,
        body: { query?: string; useLegacySql?: boolean; parameterMode?: string; queryParameters?: QueryParameter[] },
    ) => {
        const known = new Set(["query", "useLegacySql", "parameterMode", "queryParameters", "timeoutMs", "location", "maxResults", "kind"]);
        const unknown = Object.keys(body).find((k) => !known.has(k));
        if (unknown)
            return googleError(400, "invalid", `Invalid JSON payload received. Unknown name "${unknown}": the stand-in does not take it.`);
        if (body.useLegacySql !== false)
            return googleError(400, "invalidQuery", "The stand-in serves GoogleSQL only: set useLegacySql to false.");
        if (body.queryParameters?.length && body.parameterMode !== "NAMED")
            return googleError(400, "invalid", "The stand-in serves NAMED query parameters only.");
        const result = runQuery(body.query ?? "", body.queryParameters ?? [], (reference) => byReference.get(reference));
        const jobReference = { projectId, jobId: `job_${randomUUID().replace(/-/g, "")}`, location: "US" };
        const response = {
            kind: "bigquery#queryResponse",
            schema: {
                fields: result.schema.map((c) => ({ name: c.name, type: LEGACY_TYPE[c.type] ?? c.type, mode: c.mode ?? "NULLABLE" })),
            },
            jobReference,
            totalRows: String(result.rows.length),
            rows: result.rows.map((row) => ({ f: result.schema.map((c) => ({ v: cell(c, row[c.name]) })) })),
            totalBytesProcessed: "0",
            jobComplete: true,
            cacheHit: false,
        };
        answered.set(jobReference.jobId, response);
        return ok(response);
    };

    const fetch: HttpFetch = async (url, init) => {
        const { pathname } = new URL(url);
        if (!/^Bearer \S+/.test(init.headers.authorization ?? ""))
            return googleError(
                401,
                "unauthorized",
                "Request is missing required authentication credential. Expected OAuth 2 access token.",
            );
        try {
            const body = init.body ? JSON.parse(init.body) : {};
            const insert = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/.exec(pathname);
            if (insert && init.method === "POST") return insertAll(`${insert[1]}.${insert[2]}.${insert[3]}`, body);
            const queries = /^\/bigquery\/v2\/projects\/([^/]+)\/queries(?:\/([^/]+))?$/.exec(pathname);
            if (queries && init.method === "POST" && !queries[2]) return query(queries[1], body);
            if (queries && init.method === "GET" && queries[2]) {
                const done = answered.get(queries[2]);
                return done ? ok(done) : googleError(404, "notFound", `Not found: Job ${queries[1]}:${queries[2]}`);
            }
            return googleError(404, "notFound", `The stand-in does not serve ${init.method} ${pathname}`);
        } catch (err) {
            if (err instanceof BigQuerySqlError) return googleError(err.reason === "notFound" ? 404 : 400, err.reason, err.message);
            if (err instanceof SyntaxError) return googleError(400, "parseError", `Invalid JSON payload received. ${err.message}`);
            throw err;
        }
    };
    return { fetch, rows: (reference) => byReference.get(reference)?.rows };
}
