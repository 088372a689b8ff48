/**
 * AI Search's documented REST shapes (api-version 2024-07-01), shared by the recorded-exchange
 * test of the adapter (ai-search.recorded.test.ts) and the test of the local stand-in
 * (test/dev/ai-search-stand-in.test.ts), so both are held to the same answers: "Create or Update
 * Index" (201 with the index), "Search Documents (POST)" (`value` with `@search.score`).
 */
import type { Exchange } from "./recorded-exchanges";

export const ENDPOINT = "https://cat-search.search.windows.net";
export const API = "api-version=2024-07-01";
export const SEARCH = `${ENDPOINT}/indexes/products/docs/search.post.search?${API}`;
export const INDEX_DOCS = `${ENDPOINT}/indexes/products/docs/search.index?${API}`;

const field = (name: string, type: string, flags: Partial<Record<"searchable" | "filterable" | "sortable" | "facetable", boolean>>) => ({
    name,
    type,
    searchable: false,
    filterable: false,
    sortable: false,
    facetable: false,
    ...flags,
    retrievable: true,
});
export const INDEX = {
    name: "products",
    fields: [
        { name: "cqrsKey", type: "Edm.String", key: true, filterable: true, retrievable: true },
        { name: "cqrsVersion", type: "Edm.Int64", filterable: true, retrievable: true },
        { name: "cqrsDeleted", type: "Edm.Boolean", filterable: true, retrievable: true },
        field("id", "Edm.String", {}),
        field("name", "Edm.String", { searchable: true }),
        field("category", "Edm.String", { filterable: true, facetable: true }),
        field("price", "Edm.Double", { filterable: true, sortable: true }),
        field("tags", "Collection(Edm.String)", { filterable: true }),
    ],
};
export const createIndex: Exchange = {
    request: { method: "PUT", url: `${ENDPOINT}/indexes/products?${API}`, body: INDEX },
    response: { status: 201, body: { "@odata.context": `${ENDPOINT}/$metadata#indexes/$entity`, ...INDEX } },
};

/** A search hit as AI Search returns it: the retrievable fields, with its score. */
export const hit = (key: string, version: number, doc: Record<string, unknown>) => ({
    "@search.score": 1,
    cqrsKey: key,
    cqrsVersion: version,
    cqrsDeleted: false,
    ...doc,
});
export const LAMP = { id: "lamp", name: "Desk lamp", category: "lighting", price: 25, tags: ["desk"] };
export const DESK = { id: "desk", name: "Oak desk", category: "furniture", price: 240, tags: ["desk", "oak"] };
export const SHADE = { id: "shade", name: "Lamp shade", category: "lighting", price: 12, tags: ["desk"] };

export const searchAnswer = (value: unknown[]) => ({
    status: 200,
    body: { "@odata.context": `${ENDPOINT}/indexes('products')/$metadata#docs(*)`, value },
});

/** The projector's write of a document and of a tombstone, as the adapter sends it. */
export const upsertLampAndChair = {
    method: "POST",
    url: INDEX_DOCS,
    body: {
        value: [
            { "@search.action": "mergeOrUpload", cqrsKey: "bGFtcA", ...LAMP, cqrsVersion: 1, cqrsDeleted: false },
            { "@search.action": "mergeOrUpload", cqrsKey: "Y2hhaXI", cqrsVersion: 3, cqrsDeleted: true },
        ],
    },
};
