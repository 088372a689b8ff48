/**
 * The local AI Search stand-in (plan/dev/stand-ins/ai-search.ts) against AI Search's documented
 * behaviour: no AI Search runs here, so its answers are held to the exchanges recorded from the
 * REST reference (test/cqrs/ai-search-exchanges.ts, the ones the adapter's own test replays), and
 * the adapter (handlers/stores/read-model/ai-search.ts) is run against it end to end. OData
 * syntax outside the subset the adapter emits is refused with AI Search's 400 error body.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { aiSearchReadModel, searchKey } from "../../handlers/stores/read-model/ai-search";
import { aiSearchStandIn } from "../../plan/dev/stand-ins/ai-search";
import {
    createIndex,
    DESK,
    upsertLampAndChair,
    ENDPOINT,
    hit,
    INDEX_DOCS,
    LAMP,
    SEARCH,
    SHADE,
    searchAnswer,
} from "../cqrs/ai-search-exchanges";
import { CATALOG } from "../cqrs/component-fixture";
import type { Exchange } from "../cqrs/recorded-exchanges";

const { readModel } = resolveCqrsArgs("cat", Cloud.Azure, CATALOG);
const AUTH = { authorization: "Bearer local-token", "content-type": "application/json" };

async function send(standIn: ReturnType<typeof aiSearchStandIn>, request: Exchange["request"]) {
    const answer = await standIn.fetch(request.url, { method: request.method, headers: AUTH, body: JSON.stringify(request.body) });
    const text = await answer.text();
    return { status: answer.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/** A stand-in with the recorded index made, and these documents uploaded at these versions. */
async function withDocuments(documents: [Record<string, unknown>, number][]) {
    const standIn = aiSearchStandIn("cat-search");
    await send(standIn, createIndex.request);
    const value = documents.map(([doc, version]) => ({
        "@search.action": "upload",
        cqrsKey: searchKey(String(doc.id)),
        ...doc,
        cqrsVersion: version,
        cqrsDeleted: false,
    }));
    assert.equal((await send(standIn, { method: "POST", url: INDEX_DOCS, body: { value } })).status, 200);
    return standIn;
}

const odataError = (message: string | RegExp) => (answer: { status: number; body: unknown }) => {
    assert.equal(answer.status, 400);
    const { error } = answer.body as { error: { code: string; message: string } };
    assert.equal(error.code, "");
    assert.match(error.message, typeof message === "string" ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : message);
};

describe("AI Search stand-in (against the exchanges recorded from the REST reference)", () => {
    it("answers Create or Update Index as recorded (201 with the definition), and an update of it with 204", async () => {
        const standIn = aiSearchStandIn("cat-search");
        assert.deepEqual(await send(standIn, createIndex.request), createIndex.response);
        assert.deepEqual(await send(standIn, createIndex.request), { status: 204, body: undefined });
    });

    it("answers a search before the index exists with the recorded 404 body", async () => {
        const byKey = { method: "POST", url: SEARCH, body: { search: "*", filter: "search.in(cqrsKey, 'bGFtcA', ',')", top: 1 } };
        assert.deepEqual(await send(aiSearchStandIn("cat-search"), byKey), {
            status: 404,
            body: { error: { code: "", message: "The index 'products' for service 'cat-search' was not found." } },
        });
    });

    it("indexes mergeOrUpload actions as recorded: 201 for a new key, 200 for an existing one; a merge of a missing key is a 207 with its 404", async () => {
        const standIn = await withDocuments([[{ id: "chair", name: "Chair" }, 2]]);
        assert.deepEqual(await send(standIn, upsertLampAndChair), {
            status: 200,
            body: {
                value: [
                    { key: "bGFtcA", status: true, errorMessage: null, statusCode: 201 },
                    { key: "Y2hhaXI", status: true, errorMessage: null, statusCode: 200 },
                ],
            },
        });
        // A merge keeps the fields it does not name: the tombstone keeps the chair's name.
        assert.deepEqual(standIn.documents("products")?.get("Y2hhaXI"), {
            cqrsKey: "Y2hhaXI",
            id: "chair",
            name: "Chair",
            cqrsVersion: 3,
            cqrsDeleted: true,
        });
        const merge = {
            method: "POST",
            url: INDEX_DOCS,
            body: { value: [{ "@search.action": "merge", cqrsKey: "ZGVzaw", cqrsVersion: 1 }] },
        };
        assert.deepEqual(await send(standIn, merge), {
            status: 207,
            body: { value: [{ key: "ZGVzaw", status: false, errorMessage: "Document not found.", statusCode: 404 }] },
        });
    });

    it("finds a document by key with search.in, answering the recorded hit", async () => {
        const standIn = await withDocuments([
            [LAMP, 4],
            [DESK, 2],
        ]);
        const byKey = { method: "POST", url: SEARCH, body: { search: "*", filter: "search.in(cqrsKey, 'bGFtcA', ',')", top: 1 } };
        assert.deepEqual(await send(standIn, byKey), searchAnswer([hit("bGFtcA", 4, LAMP)]));
    });

    it("evaluates the recorded filtered, sorted, paged query: OData text with a doubled quote, ge, any(), orderby desc, top and skip", async () => {
        // The recorded answers were written for the adapter, not from a state: here the recorded documents are put in the
        // filtered category with names the search text matches, and one that fails each clause is added.
        const inCategory = (doc: typeof LAMP, name: string) => ({ ...doc, category: "o'neil", name });
        const standIn = await withDocuments([
            [inCategory(DESK, "Oak desk lamp"), 2],
            [inCategory(LAMP, "Desk lamp"), 1],
            [inCategory(SHADE, "Lamp shade"), 5],
            [{ ...LAMP, id: "other-category", name: "Lamp" }, 1],
            [{ ...inCategory(LAMP, "Cheap lamp"), id: "cheap", price: 5 }, 1],
            [{ ...inCategory(LAMP, "Floor lamp"), id: "no-tag", tags: ["floor"] }, 1],
            [{ ...inCategory(LAMP, "Oak desk"), id: "no-match" }, 1],
        ]);
        const filter = "cqrsDeleted eq false and category eq 'o''neil' and price ge 10 and tags/any(t: t eq 'desk')";
        const page = { search: "lamp", searchFields: "name", queryType: "simple", filter, orderby: "price desc" };
        const first = await send(standIn, { method: "POST", url: SEARCH, body: { ...page, top: 3, skip: 0 } });
        const keys = (answer: { body: unknown }) => (answer.body as { value: { cqrsKey: string }[] }).value.map((h) => h.cqrsKey);
        assert.equal(first.status, 200);
        assert.deepEqual(keys(first), ["ZGVzaw", "bGFtcA", "c2hhZGU"]);
        const second = await send(standIn, { method: "POST", url: SEARCH, body: { ...page, top: 3, skip: 2 } });
        assert.deepEqual(second, searchAnswer([hit("c2hhZGU", 5, inCategory(SHADE, "Lamp shade"))]));
    });

    it("refuses a filter on an unknown or unfilterable field, and any syntax outside the adapter's subset, with AI Search's 400 body", async () => {
        const standIn = await withDocuments([[LAMP, 1]]);
        const search = (filter: string) => send(standIn, { method: "POST", url: SEARCH, body: { search: "*", filter } });
        // The recorded refusal: "Invalid expression: Could not find a property named 'x'".
        odataError(/^Invalid expression: Could not find a property named 'x'/)(await search("x eq 1"));
        odataError("The field 'name' is not a filterable field")(await search("name eq 'Desk lamp'"));
        for (const unsupported of [
            "search.ismatch('lamp')",
            "geo.distance(location, geography'POINT(0 0)') lt 10",
            "tags/all(t: t eq 'desk')",
            "price add 1 gt 10",
            "category eq 'lighting' and",
            "category eq lighting",
            "price ge '10'",
        ])
            odataError(/^Invalid expression: /)(await search(unsupported));
        odataError("Invalid or unsupported search parameter 'facets'")(
            await send(standIn, { method: "POST", url: SEARCH, body: { search: "*", facets: ["category"] } }),
        );
    });

    it("serves the adapter end to end: the projector's writes, tombstones hidden from queries, reads by key, filters, sort and paging", async () => {
        const standIn = aiSearchStandIn("cat-search");
        const store = aiSearchReadModel(standIn.fetch, ENDPOINT, "products", readModel);
        const bearer: typeof standIn.fetch = (url, init) => standIn.fetch(url, { ...init, headers: { ...init.headers, ...AUTH } });
        const authorized = aiSearchReadModel(bearer, ENDPOINT, "products", readModel);
        // Without a token (keys are off), the service refuses.
        await assert.rejects(store.write([{ id: "lamp", version: 1, deleted: false, document: LAMP }]), /AI Search answered 401/);
        assert.deepEqual(await authorized.getMany(["lamp"]), new Map());
        assert.deepEqual(
            await authorized.write([
                { id: "lamp", version: 1, deleted: false, document: LAMP },
                { id: "desk", version: 2, deleted: false, document: DESK },
                { id: "shade", version: 1, deleted: false, document: SHADE },
                { id: "chair", version: 3, deleted: true, document: {} },
            ]),
            [{ id: "lamp" }, { id: "desk" }, { id: "shade" }, { id: "chair" }],
        );
        const found = await authorized.getMany(["lamp", "chair", "nope"]);
        assert.deepEqual([...found.keys()].sort(), ["chair", "lamp"]);
        assert.equal(found.get("chair")?.deleted, true);
        const page = await authorized.search({
            text: "lamp",
            filters: [{ field: "tags", op: "eq", value: "desk" }],
            sort: [{ field: "price", descending: false }],
            limit: 1,
            offset: 0,
        });
        assert.deepEqual(
            page.items.map((d) => d.id),
            ["shade"],
        );
        assert.equal(page.more, true);
        const lighting = await authorized.search({
            filters: [
                { field: "category", op: "eq", value: "lighting" },
                { field: "price", op: "gt", value: 20 },
            ],
            sort: [],
            limit: 10,
            offset: 0,
        });
        assert.deepEqual(lighting, { items: [{ id: "lamp", version: 1, deleted: false, document: LAMP }], more: false });
    });
});
