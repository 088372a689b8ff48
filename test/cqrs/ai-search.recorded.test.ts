/**
 * The AI Search read model against recorded exchanges: no AI Search server runs here, so each
 * answer is written from the REST reference (api-version 2024-07-01) of "Create or Update Index"
 * (201 with the index), "Index Documents" (200, or 207 with a per-key `status`/`statusCode`),
 * "Search Documents (POST)" (`value` with `@search.score`) and the OData error body
 * (`{ error: { code, message } }`), and the requests are the ones the adapter must send for them.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { createQueryHandler } from "../../handlers/cqrs/query";
import { aiSearchReadModel } from "../../handlers/stores/read-model/ai-search";
import { ReadStoreHttpError } from "../../handlers/stores/read-model/http";
import { CATALOG } from "./component-fixture";
import { createIndex, DESK, upsertLampAndChair, ENDPOINT, hit, INDEX_DOCS, LAMP, SEARCH, SHADE, searchAnswer } from "./ai-search-exchanges";
import { get, replay } from "./recorded-exchanges";

const { readModel } = resolveCqrsArgs("cat", Cloud.Azure, CATALOG);
describe("AI Search read model (recorded exchanges from the REST reference)", function () {
    this.timeout(20_000);

    it("upserts documents and tombstones with mergeOrUpload, making the index first, and reports each key", async () => {
        const r = replay([
            createIndex,
            {
                request: upsertLampAndChair,
                response: {
                    status: 200,
                    body: {
                        value: [
                            { key: "bGFtcA", status: true, errorMessage: null, statusCode: 201 },
                            { key: "Y2hhaXI", status: true, errorMessage: null, statusCode: 200 },
                        ],
                    },
                },
            },
            {
                request: { method: "POST", url: INDEX_DOCS },
                response: {
                    status: 207,
                    body: {
                        value: [
                            { key: "ZGVzaw", status: true, errorMessage: null, statusCode: 200 },
                            { key: "bGFtcA", status: false, errorMessage: "Service unavailable, please retry.", statusCode: 503 },
                        ],
                    },
                },
            },
        ]);
        const store = aiSearchReadModel(r.fetch, ENDPOINT, "products", readModel);
        assert.deepEqual(
            await store.write([
                { id: "lamp", version: 1, deleted: false, document: LAMP },
                { id: "chair", version: 3, deleted: true, document: {} },
            ]),
            [{ id: "lamp" }, { id: "chair" }],
        );
        // The index is made once per instance; a 207's failed key is reported for the projector to retry.
        assert.deepEqual(
            await store.write([
                { id: "desk", version: 2, deleted: false, document: DESK },
                { id: "lamp", version: 2, deleted: false, document: LAMP },
            ]),
            [{ id: "desk" }, { id: "lamp", error: "503 Service unavailable, please retry." }],
        );
        assert.deepEqual(r.pending(), []);
    });

    it("answers a filtered, sorted, paged query from OData text with every value quoted, and follows the cursor", async () => {
        const filter = "cqrsDeleted eq false and category eq 'o''neil' and price ge 10 and tags/any(t: t eq 'desk')";
        const page = { search: "lamp", searchFields: "name", queryType: "simple", filter, orderby: "price desc" };
        const r = replay([
            {
                request: { method: "POST", url: SEARCH, body: { ...page, top: 3, skip: 0 } },
                response: searchAnswer([hit("ZGVzaw", 2, DESK), hit("bGFtcA", 1, LAMP), hit("c2hhZGU", 5, SHADE)]),
            },
            {
                request: { method: "POST", url: SEARCH, body: { ...page, top: 3, skip: 2 } },
                response: searchAnswer([hit("c2hhZGU", 5, SHADE)]),
            },
        ]);
        const query = createQueryHandler({ readModel, store: aiSearchReadModel(r.fetch, ENDPOINT, "products", readModel) });
        const path = `/products?q=lamp&filter=${encodeURIComponent("category:o'neil")}&filter=${encodeURIComponent("price>=10")}&filter=tags:desk&sort=-price&limit=2`;
        const first = await get(query, path);
        assert.equal(first.status, 200);
        const body = (await first.json()) as { items: { id: string; version: number }[]; next?: string };
        assert.deepEqual(
            body.items.map((i) => [i.id, i.version]),
            [
                ["desk", 2],
                ["lamp", 1],
            ],
        );
        assert.ok(body.next);
        const second = (await (await get(query, `${path}&cursor=${body.next}`)).json()) as { items: unknown[]; next?: string };
        assert.deepEqual(second, { items: [{ id: "shade", version: 5, document: SHADE }] });
        assert.deepEqual(r.pending(), []);
    });

    it("reads one document by its key with search.in, and finds nothing before the projector made the index (404)", async () => {
        const byKey = { search: "*", filter: "search.in(cqrsKey, 'bGFtcA', ',')", top: 1 };
        const r = replay([
            { request: { method: "POST", url: SEARCH, body: byKey }, response: searchAnswer([hit("bGFtcA", 4, LAMP)]) },
            {
                request: { method: "POST", url: SEARCH, body: byKey },
                response: {
                    status: 404,
                    body: { error: { code: "", message: "The index 'products' for service 'cat-search' was not found." } },
                },
            },
        ]);
        const query = createQueryHandler({ readModel, store: aiSearchReadModel(r.fetch, ENDPOINT, "products", readModel) });
        const found = await get(query, "/products/lamp");
        assert.deepEqual(
            [found.status, found.headers.get("etag"), await found.json()],
            [200, '"4"', { id: "lamp", version: 4, document: LAMP }],
        );
        assert.equal((await get(query, "/products/lamp")).status, 404);
        assert.deepEqual(r.pending(), []);
    });

    it("retries throttling (503, 429) and gives up after three retries; a 400 is surfaced at once with the service's words", async () => {
        const busy = { status: 503, body: { error: { code: "", message: "Service is too busy." } } };
        const tooMany = { status: 429, body: { error: { code: "", message: "Too many requests." } } };
        const badFilter = {
            status: 400,
            body: { error: { code: "", message: "Invalid expression: Could not find a property named 'x'." } },
        };
        const ok = searchAnswer([]);
        const call = { method: "POST", url: SEARCH };
        const r = replay([
            { request: call, response: busy },
            { request: call, response: tooMany },
            { request: call, response: ok },
            ...[busy, busy, tooMany, busy].map((response) => ({ request: call, response })),
            { request: call, response: badFilter },
        ]);
        const store = aiSearchReadModel(r.fetch, ENDPOINT, "products", readModel);
        const query = { filters: [], sort: [], limit: 10, offset: 0 };
        assert.deepEqual(await store.search(query), { items: [], more: false });
        await assert.rejects(store.search(query), (err: unknown) => err instanceof ReadStoreHttpError && err.status === 503);
        await assert.rejects(
            store.search(query),
            (err: unknown) =>
                err instanceof ReadStoreHttpError && err.status === 400 && /Could not find a property named 'x'/.test(err.message),
        );
        assert.deepEqual(r.pending(), []);
    });
});
