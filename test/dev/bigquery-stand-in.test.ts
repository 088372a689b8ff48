/**
 * The local BigQuery stand-in (plan/dev/stand-ins/bigquery.ts) against BigQuery's documented
 * behaviour: no BigQuery emulator can be had here, so the stand-in is held to the v2 REST
 * reference's shapes (the ones test/cqrs/bigquery.recorded.test.ts replays: `QueryResponse` rows of
 * `{ f: [{ v }] }` with the legacy type names, `insertErrors` by row index, Google's error body),
 * the adapter (handlers/stores/read-model/bigquery.ts) runs against it end to end, and SQL outside
 * the subset the adapter emits is refused with BigQuery's `invalidQuery`.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { bigQueryReadModel } from "../../handlers/stores/read-model/bigquery";
import { bigQuerySchema } from "../../handlers/stores/read-model/bigquery-schema";
import { ReadStoreHttpError } from "../../handlers/stores/read-model/http";
import { bigQueryStandIn } from "../../plan/dev/stand-ins/bigquery";
import { CATALOG } from "../cqrs/component-fixture";

const { readModel } = resolveCqrsArgs("cat", Cloud.Gcp, CATALOG);
const ROOT = "http://127.0.0.1:1";
const API = `${ROOT}/bigquery/v2/projects/shop`;
const NOW = new Date("2026-12-01T10:00:00.000Z");
const LAMP = { id: "lamp", name: "Desk lamp", category: "lighting", price: 25, tags: ["desk"] };
const DESK = { id: "desk", name: "Oak desk", category: "furniture", price: 240, tags: ["desk", "oak"] };
const SHADE = { id: "shade", name: "Lamp shade", category: "lighting", price: 12.5, tags: [] as string[] };

function open() {
    const standIn = bigQueryStandIn([{ projectId: "shop", datasetId: "cat_read", tableId: "products", schema: bigQuerySchema(readModel) }]);
    const fetch: typeof standIn.fetch = (url, init) =>
        standIn.fetch(url, { ...init, headers: { ...init.headers, authorization: "Bearer local" } });
    return { standIn, fetch, store: bigQueryReadModel(fetch, "shop", "cat_read", "products", readModel, () => NOW, ROOT) };
}

const post = async (fetch: ReturnType<typeof open>["fetch"], url: string, body: unknown) => {
    const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
};
const query = (sql: string, queryParameters: unknown[] = []) => ({
    query: sql,
    useLegacySql: false,
    parameterMode: "NAMED",
    queryParameters,
});
const invalidQuery = (message: RegExp) => (answer: { status: number; body: Record<string, unknown> }) => {
    assert.equal(answer.status, 400);
    const error = answer.body.error as { code: number; status: string; message: string; errors: { reason: string; domain: string }[] };
    assert.deepEqual(
        [error.code, error.status, error.errors[0].reason, error.errors[0].domain],
        [400, "INVALID_ARGUMENT", "invalidQuery", "global"],
    );
    assert.match(error.message, message);
};

describe("BigQuery stand-in (against the v2 REST reference's shapes)", () => {
    it("serves the adapter end to end: one row per version, the newest per id wins, tombstones hidden, filters, sort and paging", async () => {
        const { store } = open();
        assert.deepEqual(await store.getMany(["lamp"]), new Map());
        await store.write([
            { id: "lamp", version: 1, deleted: false, document: { ...LAMP, price: 99 } },
            { id: "desk", version: 2, deleted: false, document: DESK },
            { id: "shade", version: 5, deleted: false, document: SHADE },
            { id: "chair", version: 3, deleted: true, document: {} },
        ]);
        // A later version appended; a redelivered older one (same insertId) is not inserted twice and never wins.
        await store.write([{ id: "lamp", version: 2, deleted: false, document: LAMP }]);
        await store.write([{ id: "lamp", version: 1, deleted: false, document: { ...LAMP, price: 99 } }]);
        const found = await store.getMany(["lamp", "chair", "nope"]);
        assert.deepEqual(found.get("lamp"), { id: "lamp", version: 2, deleted: false, document: LAMP });
        assert.equal(found.get("chair")?.deleted, true);
        assert.equal(found.has("nope"), false);
        const page = await store.search({
            text: "LAMP",
            filters: [
                { field: "category", op: "eq", value: "lighting" },
                { field: "price", op: "gte", value: 10 },
            ],
            sort: [{ field: "price", descending: true }],
            limit: 1,
            offset: 0,
        });
        assert.deepEqual(page, { items: [{ id: "lamp", version: 2, deleted: false, document: LAMP }], more: true });
        const next = await store.search({ text: "lamp", filters: [], sort: [{ field: "price", descending: true }], limit: 5, offset: 1 });
        // An empty REPEATED field comes back as [], as in the recorded answer.
        assert.deepEqual(next, { items: [{ id: "shade", version: 5, deleted: false, document: SHADE }], more: false });
        const tagged = await store.search({ filters: [{ field: "tags", op: "eq", value: "oak" }], sort: [], limit: 5, offset: 0 });
        assert.deepEqual(
            tagged.items.map((d) => d.id),
            ["desk"],
        );
    });

    it("answers jobs.query as a QueryResponse: legacy type names, scalars as strings, TIMESTAMP in seconds, REPEATED as { v } lists", async () => {
        const { fetch, store } = open();
        await store.write([{ id: "lamp", version: 2, deleted: false, document: LAMP }]);
        const answer = await post(fetch, `${API}/queries`, query("SELECT * FROM `shop.cat_read.products` WHERE TRUE"));
        assert.equal(answer.status, 200);
        assert.equal(answer.body.kind, "bigquery#queryResponse");
        assert.equal(answer.body.jobComplete, true);
        const fields = (answer.body.schema as { fields: { name: string; type: string; mode: string }[] }).fields;
        assert.deepEqual(fields.slice(0, 4), [
            { name: "cqrsId", type: "STRING", mode: "REQUIRED" },
            { name: "cqrsVersion", type: "INTEGER", mode: "REQUIRED" },
            { name: "cqrsDeleted", type: "BOOLEAN", mode: "REQUIRED" },
            { name: "cqrsProjectedAt", type: "TIMESTAMP", mode: "REQUIRED" },
        ]);
        const [row] = answer.body.rows as { f: { v: unknown }[] }[];
        const cell = (name: string) => row.f[fields.findIndex((f) => f.name === name)].v;
        assert.deepEqual(
            [cell("cqrsId"), cell("cqrsVersion"), cell("cqrsDeleted"), cell("cqrsProjectedAt"), cell("price"), cell("tags")],
            // 2026-12-01T10:00:00Z is 1,796,119,200 s after the epoch.
            ["lamp", "2", "false", "1.7961192E9", "25", [{ v: "desk" }]],
        );
        // jobs.getQueryResults of the same job gives the same answer.
        const { jobId } = answer.body.jobReference as { jobId: string };
        const again = await fetch(`${API}/queries/${jobId}?timeoutMs=10000`, { method: "GET", headers: {} });
        assert.deepEqual(await again.json(), answer.body);
    });

    it("reports the rows insertAll refuses by index (unknown field, missing REQUIRED field, wrong type), the others inserted with skipInvalidRows", async () => {
        const { fetch, standIn } = open();
        const row = (json: Record<string, unknown>) => ({
            json: { cqrsId: "x", cqrsVersion: 1, cqrsDeleted: false, cqrsProjectedAt: NOW.toISOString(), ...json },
        });
        const rows = [row({ id: "ok" }), row({ nope: 1 }), row({ cqrsVersion: undefined }), row({ price: "cheap" })];
        const skipped = await post(fetch, `${API}/datasets/cat_read/tables/products/insertAll`, { skipInvalidRows: true, rows });
        assert.deepEqual(skipped.body, {
            kind: "bigquery#tableDataInsertAllResponse",
            insertErrors: [
                { index: 1, errors: [{ reason: "invalid", location: "nope", debugInfo: "", message: "no such field." }] },
                {
                    index: 2,
                    errors: [
                        { reason: "invalid", location: "cqrsVersion", debugInfo: "", message: "Missing required field: cqrsVersion." },
                    ],
                },
                {
                    index: 3,
                    errors: [{ reason: "invalid", location: "price", debugInfo: "", message: 'Cannot convert value to float64: "cheap".' }],
                },
            ],
        });
        assert.equal(standIn.rows("shop.cat_read.products")?.length, 1);
        // Without skipInvalidRows nothing is inserted, and the valid rows are reported `stopped`.
        const all = await post(fetch, `${API}/datasets/cat_read/tables/products/insertAll`, {
            rows: [row({ id: "fine" }), row({ nope: 1 })],
        });
        assert.deepEqual(
            (all.body.insertErrors as { index: number; errors: { reason: string }[] }[]).map((e) => [e.index, e.errors[0].reason]),
            [
                [0, "stopped"],
                [1, "invalid"],
            ],
        );
        assert.equal(standIn.rows("shop.cat_read.products")?.length, 1);
    });

    it("refuses SQL outside the adapter's subset, unknown names and parameters, and QUALIFY without WHERE, as BigQuery's invalidQuery", async () => {
        const { fetch } = open();
        const run = (sql: string, params: unknown[] = []) => post(fetch, `${API}/queries`, query(sql, params));
        invalidQuery(/^Unrecognized name: nope at \[1:\d+\]$/)(
            await run("SELECT * FROM `shop.cat_read.products` WHERE nope = @p", [
                { name: "p", parameterType: { type: "STRING" }, parameterValue: { value: "x" } },
            ]),
        );
        invalidQuery(/^Query parameter 'p' not found at \[1:\d+\]$/)(await run("SELECT * FROM `shop.cat_read.products` WHERE cqrsId = @p"));
        invalidQuery(/^QUALIFY clause must be used in conjunction with WHERE or GROUP BY or HAVING clause/)(
            await run(
                "SELECT * FROM `shop.cat_read.products` QUALIFY ROW_NUMBER() OVER (PARTITION BY cqrsId ORDER BY cqrsVersion DESC) = 1",
            ),
        );
        invalidQuery(/No matching signature for operator =/)(
            await run("SELECT * FROM `shop.cat_read.products` WHERE price = @p", [
                { name: "p", parameterType: { type: "STRING" }, parameterValue: { value: "x" } },
            ]),
        );
        for (const sql of [
            "SELECT id FROM `shop.cat_read.products`",
            "SELECT * FROM `shop.cat_read.products` WHERE price = 10",
            "SELECT * FROM `shop.cat_read.products` GROUP BY category",
            "SELECT * FROM `shop.cat_read.products` WHERE LOWER(name) = @p",
            "SELECT * FROM `shop.cat_read.products`; DROP TABLE x",
        ])
            invalidQuery(/^(Syntax error|The stand-in serves|Unrecognized name)/)(
                await run(sql, [{ name: "p", parameterType: { type: "STRING" }, parameterValue: { value: "x" } }]),
            );
        const missing = await run("SELECT * FROM `shop.cat_read.other` WHERE TRUE");
        assert.equal(missing.status, 404);
        assert.equal((missing.body.error as { errors: { reason: string }[] }).errors[0].reason, "notFound");
        // The adapter surfaces the refusal with BigQuery's words, as ReadStoreHttpError.
        await assert.rejects(
            bigQueryReadModel(fetch, "shop", "cat_read", "other", readModel, () => NOW, ROOT).getMany(["x"]),
            (err: unknown) => err instanceof ReadStoreHttpError && err.status === 404,
        );
    });
});
