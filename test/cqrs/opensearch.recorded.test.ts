/**
 * The OpenSearch read model against recorded exchanges: no OpenSearch server runs here, so each
 * answer is written from the OpenSearch API reference ("Create index": `acknowledged`, or 400
 * `resource_already_exists_exception`; "Bulk": NDJSON in, `errors` and one `items[].index` per
 * action with its `status` and `error {type, reason}` out; "Multi-get documents": `docs[]` with
 * `found` and `_source`; "Search": `hits.hits[]` with `_id` and `_source`; a missing index is 404
 * `index_not_found_exception`), and the requests are the ones the adapter must send for them.
 * The end-to-end tests use a stand-in built to the same formats (plan/dev/stand-ins/opensearch.ts);
 * this test pins the exact requests.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { createQueryHandler } from "../../handlers/cqrs/query";
import { ReadStoreHttpError } from "../../handlers/stores/read-model/http";
import { openSearchMappings, openSearchReadModel } from "../../handlers/stores/read-model/opensearch";
import { CATALOG } from "./component-fixture";
import { Exchange, get, replay } from "./recorded-exchanges";

const { readModel } = resolveCqrsArgs("cat", Cloud.Aws, CATALOG);
const ENDPOINT = "https://search-cat-search.us-east-1.es.amazonaws.com";

const LAMP = { id: "lamp", name: "Desk lamp", category: "lighting", price: 25, tags: ["desk"] };
const DESK = { id: "desk", name: "Oak desk", category: "furniture", price: 240, tags: ["desk", "oak"] };
const SHADE = { id: "shade", name: "Lamp shade", category: "lighting", price: 12, tags: ["desk"] };
const stored = (doc: object, version: number, deleted = false) => ({ ...doc, cqrsVersion: version, cqrsDeleted: deleted });

const MAPPINGS = {
    mappings: {
        dynamic: false,
        properties: {
            cqrsVersion: { type: "long" },
            cqrsDeleted: { type: "boolean" },
            id: { type: "keyword" },
            name: { type: "text", fields: { raw: { type: "keyword" } } },
            category: { type: "keyword" },
            price: { type: "double" },
            tags: { type: "keyword" },
        },
    },
};
const createIndex: Exchange = {
    request: { method: "PUT", url: `${ENDPOINT}/products`, body: MAPPINGS },
    response: { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: "products" } },
};
const ndjson = (...lines: object[]) => lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
const shards = { total: 2, successful: 1, failed: 0 };
const searchAnswer = (hits: { doc: { id: string; price: number }; version: number }[]) => ({
    status: 200,
    body: {
        took: 4,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
            total: { value: hits.length, relation: "eq" },
            max_score: null,
            hits: hits.map(({ doc, version }) => ({
                _index: "products",
                _id: doc.id,
                _score: null,
                _source: stored(doc, version),
                sort: [doc.price],
            })),
        },
    },
});

describe("OpenSearch read model (recorded exchanges from the API reference)", function () {
    this.timeout(20_000);

    it("makes the index from the read model, then writes documents and tombstones in one NDJSON bulk, reporting each item", async () => {
        assert.deepEqual(openSearchMappings(readModel), MAPPINGS);
        const r = replay([
            createIndex,
            {
                request: {
                    method: "POST",
                    url: `${ENDPOINT}/_bulk`,
                    body: ndjson(
                        { index: { _index: "products", _id: "lamp" } },
                        stored(LAMP, 1),
                        { index: { _index: "products", _id: "chair" } },
                        { cqrsVersion: 3, cqrsDeleted: true },
                        { index: { _index: "products", _id: "desk" } },
                        stored({ ...DESK, price: "n/a" }, 2),
                    ),
                },
                response: {
                    status: 200,
                    body: {
                        took: 30,
                        errors: true,
                        items: [
                            { index: { _index: "products", _id: "lamp", _version: 1, result: "created", _shards: shards, status: 201 } },
                            { index: { _index: "products", _id: "chair", _version: 4, result: "updated", _shards: shards, status: 200 } },
                            {
                                index: {
                                    _index: "products",
                                    _id: "desk",
                                    status: 400,
                                    error: {
                                        type: "mapper_parsing_exception",
                                        reason: "failed to parse field [price] of type [double] in document with id 'desk'",
                                    },
                                },
                            },
                        ],
                    },
                },
            },
        ]);
        const store = openSearchReadModel(r.fetch, `${ENDPOINT}/`, "products", readModel);
        assert.deepEqual(
            await store.write([
                { id: "lamp", version: 1, deleted: false, document: LAMP },
                { id: "chair", version: 3, deleted: true, document: {} },
                { id: "desk", version: 2, deleted: false, document: { ...DESK, price: "n/a" } },
            ]),
            [
                { id: "lamp" },
                { id: "chair" },
                {
                    id: "desk",
                    error: "400 mapper_parsing_exception: failed to parse field [price] of type [double] in document with id 'desk'",
                },
            ],
        );
        assert.deepEqual(r.pending(), []);
    });

    it("an index that already exists is made; any other refusal of the index is surfaced and tried again on the next write", async () => {
        const exists = {
            error: { type: "resource_already_exists_exception", reason: "index [products/abc] already exists", index: "products" },
            status: 400,
        };
        const refused = { error: { type: "illegal_argument_exception", reason: "unknown setting [index.knn]" }, status: 400 };
        const bulk: Exchange = {
            request: {
                method: "POST",
                url: `${ENDPOINT}/_bulk`,
                body: ndjson({ index: { _index: "products", _id: "lamp" } }, stored(LAMP, 1)),
            },
            response: { status: 200, body: { took: 3, errors: false, items: [{ index: { _id: "lamp", status: 201 } }] } },
        };
        const r = replay([
            { request: createIndex.request, response: { status: 400, body: refused } },
            { request: createIndex.request, response: { status: 400, body: exists } },
            bulk,
        ]);
        const store = openSearchReadModel(r.fetch, ENDPOINT, "products", readModel);
        const lamp = [{ id: "lamp", version: 1, deleted: false, document: LAMP }];
        await assert.rejects(store.write(lamp), /creating index products failed: .*illegal_argument_exception/);
        assert.deepEqual(await store.write(lamp), [{ id: "lamp" }]);
        assert.deepEqual(r.pending(), []);
    });

    it("reads the projector's current versions with _mget, tombstones included; before the index exists, nothing (404)", async () => {
        const r = replay([
            {
                request: { method: "POST", url: `${ENDPOINT}/products/_mget`, body: { ids: ["lamp", "chair", "desk"] } },
                response: {
                    status: 200,
                    body: {
                        docs: [
                            {
                                _index: "products",
                                _id: "lamp",
                                _version: 1,
                                _seq_no: 0,
                                _primary_term: 1,
                                found: true,
                                _source: stored(LAMP, 1),
                            },
                            {
                                _index: "products",
                                _id: "chair",
                                _version: 4,
                                _seq_no: 3,
                                _primary_term: 1,
                                found: true,
                                _source: { cqrsVersion: 3, cqrsDeleted: true },
                            },
                            { _index: "products", _id: "desk", found: false },
                        ],
                    },
                },
            },
            {
                request: { method: "POST", url: `${ENDPOINT}/products/_mget`, body: { ids: ["lamp"] } },
                response: {
                    status: 404,
                    body: {
                        error: { type: "index_not_found_exception", reason: "no such index [products]", index: "products" },
                        status: 404,
                    },
                },
            },
        ]);
        const store = openSearchReadModel(r.fetch, ENDPOINT, "products", readModel);
        assert.deepEqual(
            [...(await store.getMany(["lamp", "chair", "desk"]))],
            [
                ["lamp", { id: "lamp", version: 1, deleted: false, document: LAMP }],
                ["chair", { id: "chair", version: 3, deleted: true, document: {} }],
            ],
        );
        assert.deepEqual(await store.getMany(["lamp"]), new Map());
        assert.deepEqual(r.pending(), []);
    });

    it("answers a text search with filters and a sort as JSON clauses (values as data, never query text), and follows the cursor", async () => {
        const body = (from: number) => ({
            from,
            size: 3,
            query: {
                bool: {
                    must: [{ multi_match: { query: "lamp", fields: ["name"] } }],
                    filter: [
                        { term: { cqrsDeleted: false } },
                        { term: { category: "o'neil\" OR 1=1" } },
                        { range: { price: { gte: 10 } } },
                        { term: { tags: "desk" } },
                    ],
                },
            },
            sort: [{ price: { order: "desc" } }],
        });
        const search = `${ENDPOINT}/products/_search`;
        const r = replay([
            {
                request: { method: "POST", url: search, body: body(0) },
                response: searchAnswer([
                    { doc: DESK, version: 2 },
                    { doc: LAMP, version: 1 },
                    { doc: SHADE, version: 1 },
                ]),
            },
            { request: { method: "POST", url: search, body: body(2) }, response: searchAnswer([{ doc: SHADE, version: 1 }]) },
        ]);
        const query = createQueryHandler({ readModel, store: openSearchReadModel(r.fetch, ENDPOINT, "products", readModel) });
        const filters = [`category:o'neil" OR 1=1`, "price>=10", "tags:desk"].map((f) => `filter=${encodeURIComponent(f)}`).join("&");
        const path = `/products?q=lamp&${filters}&sort=-price&limit=2`;
        const first = (await (await get(query, path)).json()) as { items: { id: string; version: number }[]; next: string };
        assert.deepEqual(
            first.items.map((i) => [i.id, i.version]),
            [
                ["desk", 2],
                ["lamp", 1],
            ],
        );
        const second = (await (await get(query, `${path}&cursor=${first.next}`)).json()) as { items: { id: string }[]; next?: string };
        assert.deepEqual([second.items.map((i) => i.id), second.next], [["shade"], undefined]);
        assert.deepEqual(r.pending(), []);
    });

    it("a search before the projector made the index is an empty page (404); another refusal is surfaced with OpenSearch's words", async () => {
        const search = `${ENDPOINT}/products/_search`;
        const request = {
            method: "POST",
            url: search,
            body: { from: 0, size: 21, query: { bool: { filter: [{ term: { cqrsDeleted: false } }] } }, sort: [] },
        };
        const r = replay([
            {
                request,
                response: {
                    status: 404,
                    body: { error: { type: "index_not_found_exception", reason: "no such index [products]" }, status: 404 },
                },
            },
            { request, response: { status: 403, body: { message: "User: arn:aws:sts::123456789012:assumed-role/x is not authorized" } } },
        ]);
        const store = openSearchReadModel(r.fetch, ENDPOINT, "products", readModel);
        const all = { text: undefined, filters: [], sort: [], limit: 20, offset: 0 };
        assert.deepEqual(await store.search(all), { items: [], more: false });
        await assert.rejects(
            store.search(all),
            (err: unknown) => err instanceof ReadStoreHttpError && err.status === 403 && /not authorized/.test(err.message),
        );
        assert.deepEqual(r.pending(), []);
    });
});
