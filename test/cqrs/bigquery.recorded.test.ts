/**
 * The BigQuery read model against recorded exchanges: BigQuery has no emulator here, so each
 * answer is written from the v2 REST reference (cloud.google.com/bigquery/docs/reference/rest/v2):
 * `tabledata.insertAll` (`TableDataInsertAllResponse` with `insertErrors` by row index),
 * `jobs.query` and `jobs.getQueryResults` (`QueryResponse`: `schema`, `rows` of `{ f: [{ v }] }`
 * with values as strings, `jobComplete`, `jobReference`), and the error body of Google APIs
 * (`{ error: { code, message, errors: [{ reason }], status } }`, reasons from BigQuery's
 * "Troubleshoot errors" table: rateLimitExceeded 429, backendError 503, invalidQuery 400).
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { createQueryHandler } from "../../handlers/cqrs/query";
import { bigQueryReadModel } from "../../handlers/stores/read-model/bigquery";
import { ReadStoreHttpError } from "../../handlers/stores/read-model/http";
import { CATALOG } from "./component-fixture";
import { get, replay } from "./recorded-exchanges";

const { readModel } = resolveCqrsArgs("cat", Cloud.Gcp, CATALOG);
const API = "https://bigquery.googleapis.com/bigquery/v2/projects/shop";
const QUERIES = `${API}/queries`;
const INSERT_ALL = `${API}/datasets/cat_read/tables/products/insertAll`;
const NOW = new Date("2026-12-01T10:00:00.000Z");
const LATEST = "SELECT * FROM `shop.cat_read.products`";
const NEWEST = "QUALIFY ROW_NUMBER() OVER (PARTITION BY cqrsId ORDER BY cqrsVersion DESC) = 1";

const SCHEMA = {
    fields: [
        { name: "cqrsId", type: "STRING", mode: "REQUIRED" },
        { name: "cqrsVersion", type: "INTEGER", mode: "REQUIRED" },
        { name: "cqrsDeleted", type: "BOOLEAN", mode: "REQUIRED" },
        { name: "cqrsProjectedAt", type: "TIMESTAMP", mode: "REQUIRED" },
        { name: "id", type: "STRING", mode: "NULLABLE" },
        { name: "name", type: "STRING", mode: "NULLABLE" },
        { name: "category", type: "STRING", mode: "NULLABLE" },
        { name: "price", type: "FLOAT", mode: "NULLABLE" },
        { name: "tags", type: "STRING", mode: "REPEATED" },
    ],
};
const LAMP = { id: "lamp", name: "Desk lamp", category: "lighting", price: 25, tags: ["desk"] };
const DESK = { id: "desk", name: "Oak desk", category: "furniture", price: 240, tags: ["desk", "oak"] };
const SHADE = { id: "shade", name: "Lamp shade", category: "lighting", price: 12.5, tags: [] };

/** A row as jobs.query returns it: every scalar a string, a REPEATED field a list of `{ v }`, TIMESTAMP in seconds. */
const row = (version: number, doc: typeof LAMP, deleted = false) => ({
    f: [
        { v: doc.id },
        { v: String(version) },
        { v: String(deleted) },
        { v: "1.7645832E9" },
        { v: doc.id },
        { v: doc.name },
        { v: doc.category },
        { v: String(doc.price) },
        { v: doc.tags.map((v) => ({ v })) },
    ],
});
const queryResponse = (rows: unknown[]) => ({
    status: 200,
    body: {
        kind: "bigquery#queryResponse",
        schema: SCHEMA,
        jobReference: { projectId: "shop", jobId: "job_a1", location: "US" },
        totalRows: String(rows.length),
        rows,
        totalBytesProcessed: "10485760",
        jobComplete: true,
        cacheHit: false,
    },
});
const googleError = (code: number, status: string, reason: string, message: string) => ({
    status: code,
    body: { error: { code, message, errors: [{ message, domain: "global", reason }], status } },
});

const queryBody = (query: string, queryParameters: unknown[]) => ({
    query,
    useLegacySql: false,
    parameterMode: "NAMED",
    queryParameters,
    timeoutMs: 10_000,
});
const param = (name: string, type: string, value: string) => ({ name, parameterType: { type }, parameterValue: { value } });

describe("BigQuery read model (recorded exchanges from the v2 REST reference)", function () {
    this.timeout(20_000);
    const open = (fetch: ReturnType<typeof replay>["fetch"]) =>
        bigQueryReadModel(fetch, "shop", "cat_read", "products", readModel, () => NOW);

    it("appends one row per version with insertId <id>:<version>, tombstones included, and reports rows BigQuery refused", async () => {
        const r = replay([
            {
                request: {
                    method: "POST",
                    url: INSERT_ALL,
                    body: {
                        skipInvalidRows: true,
                        rows: [
                            {
                                insertId: "lamp:2",
                                json: { cqrsId: "lamp", cqrsProjectedAt: NOW.toISOString(), ...LAMP, cqrsVersion: 2, cqrsDeleted: false },
                            },
                            {
                                insertId: "chair:3",
                                json: { cqrsId: "chair", cqrsProjectedAt: NOW.toISOString(), cqrsVersion: 3, cqrsDeleted: true },
                            },
                        ],
                    },
                },
                response: {
                    status: 200,
                    body: {
                        kind: "bigquery#tableDataInsertAllResponse",
                        insertErrors: [
                            {
                                index: 1,
                                errors: [{ reason: "invalid", location: "cqrsVersion", debugInfo: "", message: "no such field." }],
                            },
                        ],
                    },
                },
            },
        ]);
        assert.deepEqual(
            await open(r.fetch).write([
                { id: "lamp", version: 2, deleted: false, document: LAMP },
                { id: "chair", version: 3, deleted: true, document: {} },
            ]),
            [{ id: "lamp" }, { id: "chair", error: "invalid: no such field." }],
        );
        assert.deepEqual(r.pending(), []);
    });

    it("queries the newest row per id with filters, sort and paging as named parameters, and follows the cursor", async () => {
        const sql =
            `SELECT * FROM (${LATEST} WHERE TRUE ${NEWEST}) WHERE NOT cqrsDeleted AND (CONTAINS_SUBSTR(\`name\`, @q))` +
            " AND `category` = @f0 AND `price` >= @f1 AND @f2 IN UNNEST(`tags`) ORDER BY `price` DESC LIMIT @limit OFFSET @offset";
        const params = (offset: string) => [
            param("q", "STRING", "lamp"),
            param("f0", "STRING", "o'neil"),
            param("f1", "FLOAT64", "10"),
            param("f2", "STRING", "desk"),
            param("limit", "INT64", "3"),
            param("offset", "INT64", offset),
        ];
        const r = replay([
            {
                request: { method: "POST", url: QUERIES, body: queryBody(sql, params("0")) },
                response: queryResponse([row(2, DESK), row(1, LAMP), row(5, SHADE)]),
            },
            { request: { method: "POST", url: QUERIES, body: queryBody(sql, params("2")) }, response: queryResponse([row(5, SHADE)]) },
        ]);
        const query = createQueryHandler({ readModel, store: open(r.fetch) });
        const path = `/products?q=lamp&filter=${encodeURIComponent("category:o'neil")}&filter=${encodeURIComponent("price>=10")}&filter=tags:desk&sort=-price&limit=2`;
        const first = (await (await get(query, path)).json()) as { items: { id: string; version: number }[]; next?: string };
        assert.deepEqual(
            first.items.map((i) => [i.id, i.version]),
            [
                ["desk", 2],
                ["lamp", 1],
            ],
        );
        assert.ok(first.next);
        const second = await (await get(query, `${path}&cursor=${first.next}`)).json();
        // An empty REPEATED field comes back as []; an absent one is left out like any other.
        assert.deepEqual(second, { items: [{ id: "shade", version: 5, document: SHADE }] });
        assert.deepEqual(r.pending(), []);
    });

    it("reads documents by id (an ARRAY parameter), waiting on a query that outlasts timeoutMs through getQueryResults", async () => {
        const sql = `${LATEST} WHERE cqrsId IN UNNEST(@ids) ${NEWEST}`;
        const ids = {
            name: "ids",
            parameterType: { type: "ARRAY", arrayType: { type: "STRING" } },
            parameterValue: { arrayValues: [{ value: "lamp" }] },
        };
        const running = {
            kind: "bigquery#queryResponse",
            jobReference: { projectId: "shop", jobId: "job_b2", location: "EU" },
            jobComplete: false,
        };
        const r = replay([
            { request: { method: "POST", url: QUERIES, body: queryBody(sql, [ids]) }, response: { status: 200, body: running } },
            {
                request: { method: "GET", url: `${QUERIES}/job_b2?timeoutMs=10000&location=EU` },
                response: queryResponse([row(4, LAMP, true)]),
            },
        ]);
        const query = createQueryHandler({ readModel, store: open(r.fetch) });
        // The newest row is a tombstone: the document is gone, and a client waiting for version 4 has it.
        const answer = await get(query, "/products/lamp?minVersion=4");
        assert.equal(answer.status, 404);
        assert.deepEqual(r.pending(), []);
    });

    it("retries rateLimitExceeded (429) and backendError (503), gives up after three retries, and surfaces invalidQuery (400) at once", async () => {
        const rateLimited = googleError(
            429,
            "RESOURCE_EXHAUSTED",
            "rateLimitExceeded",
            "Exceeded rate limits: too many api requests per user per method.",
        );
        const backend = googleError(
            503,
            "UNAVAILABLE",
            "backendError",
            "Error encountered during execution. Retrying may solve the problem.",
        );
        const invalid = googleError(400, "INVALID_ARGUMENT", "invalidQuery", "Unrecognized name: nope at [1:8]");
        const call = { method: "POST", url: QUERIES };
        const r = replay([
            { request: call, response: rateLimited },
            { request: call, response: backend },
            { request: call, response: queryResponse([]) },
            ...[backend, rateLimited, backend, backend].map((response) => ({ request: call, response })),
            { request: call, response: invalid },
        ]);
        const store = open(r.fetch);
        const query = { filters: [], sort: [], limit: 10, offset: 0 };
        assert.deepEqual(await store.search(query), { items: [], more: false });
        await assert.rejects(store.search(query), (err: unknown) => err instanceof ReadStoreHttpError && err.status === 503);
        await assert.rejects(
            store.search(query),
            (err: unknown) => err instanceof ReadStoreHttpError && err.status === 400 && /Unrecognized name: nope/.test(err.message),
        );
        assert.deepEqual(r.pending(), []);
    });
});
