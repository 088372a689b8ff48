/**
 * The read model on Azure AI Search, through its REST API (api-version 2024-07-01):
 * `PUT /indexes/{name}` made from the read model before the projector's first write (idempotent:
 * a PUT of the same definition is an update; azure-native has no index resource), `docs/search.index` with mergeOrUpload actions
 * reporting each key, and `docs/search.post.search` for reads. AI Search filters are OData text and
 * take no parameters, so every value goes through `odataLiteral`, typed by its declared field.
 * Formats: Learn, "Create or Update Index", "Index Documents", "Search Documents (POST)" (REST reference).
 */
import { DELETED_FIELD, FieldDocument, ReadModelDocument, VERSION_FIELD } from "../../cqrs/settings-document";
import { fromRecord, storedRecord } from "./fields";
import { HttpFetch, sendJson } from "./http";
import type { Filter, ReadDocument, ReadModelStore } from "./port";

const SERVICE = "AI Search";
export const AI_SEARCH_API_VERSION = "2024-07-01";
/**
 * The index's key: AI Search keys allow only letters, digits, `_`, `-` and `=`, so the key is the
 * document id in base64url (the read model's own key field keeps the id as it is).
 */
export const KEY_FIELD = "cqrsKey";

const EDM: Record<FieldDocument["type"], string> = {
    string: "Edm.String",
    "string[]": "Collection(Edm.String)",
    number: "Edm.Double",
    integer: "Edm.Int64",
    boolean: "Edm.Boolean",
    date: "Edm.DateTimeOffset",
};

export function aiSearchIndex(name: string, readModel: ReadModelDocument): object {
    const fields = Object.entries(readModel.fields).map(([field, f]) => ({
        name: field,
        type: EDM[f.type],
        // AI Search makes only string fields searchable.
        searchable: f.searchable && (f.type === "string" || f.type === "string[]"),
        filterable: f.filterable,
        // A collection cannot be sorted.
        sortable: f.sortable && f.type !== "string[]",
        facetable: f.facetable,
        retrievable: true,
    }));
    return {
        name,
        fields: [
            { name: KEY_FIELD, type: "Edm.String", key: true, filterable: true, retrievable: true },
            { name: VERSION_FIELD, type: "Edm.Int64", filterable: true, retrievable: true },
            { name: DELETED_FIELD, type: "Edm.Boolean", filterable: true, retrievable: true },
            ...fields,
        ],
    };
}

export const searchKey = (id: string) => Buffer.from(id, "utf8").toString("base64url");
const idOfKey = (key: string) => Buffer.from(key, "base64url").toString("utf8");

/** An OData literal for a value of a declared field type: strings quoted with `'` doubled, the rest checked. */
export function odataLiteral(value: string | number | boolean, type: FieldDocument["type"]): string {
    switch (type) {
        case "number":
        case "integer":
            if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError(`not a number: ${JSON.stringify(value)}`);
            return String(value);
        case "boolean":
            if (typeof value !== "boolean") throw new TypeError(`not a boolean: ${JSON.stringify(value)}`);
            return String(value);
        case "date": {
            const date = new Date(String(value));
            if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${JSON.stringify(value)}`);
            return date.toISOString();
        }
        default:
            return `'${String(value).replace(/'/g, "''")}'`;
    }
}

const ODATA_OPS = { eq: "eq", gt: "gt", gte: "ge", lt: "lt", lte: "le" } as const;

export function odataFilter(filters: readonly Filter[], readModel: ReadModelDocument): string {
    const clauses = filters.map((f) => {
        const type = readModel.fields[f.field].type;
        return type === "string[]"
            ? `${f.field}/any(t: t eq ${odataLiteral(f.value, "string")})`
            : `${f.field} ${ODATA_OPS[f.op]} ${odataLiteral(f.value, type)}`;
    });
    return [`${DELETED_FIELD} eq false`, ...clauses].join(" and ");
}

export function aiSearchReadModel(fetch: HttpFetch, endpoint: string, index: string, readModel: ReadModelDocument): ReadModelStore {
    const base = `${endpoint.replace(/\/+$/, "")}/indexes`;
    const api = `api-version=${AI_SEARCH_API_VERSION}`;
    const fields = Object.keys(readModel.fields);
    let indexReady: Promise<unknown> | undefined;
    const ensureIndex = () =>
        (indexReady ??= sendJson(SERVICE, fetch, "PUT", `${base}/${index}?${api}`, aiSearchIndex(index, readModel)).catch((err) => {
            indexReady = undefined;
            throw err;
        }));
    // Only the projector makes the index (it holds Search Service Contributor); before its first write, reads find nothing.
    const search = async (request: object) => {
        const { status, body } = await sendJson<{ value?: Record<string, unknown>[] }>(
            SERVICE,
            fetch,
            "POST",
            `${base}/${index}/docs/search.post.search?${api}`,
            request,
            { accept: [404] },
        );
        if (status === 404) return [];
        return (body.value ?? []).map((doc) => fromRecord(idOfKey(String(doc[KEY_FIELD])), doc, fields));
    };

    return {
        async getMany(ids) {
            if (ids.length === 0) return new Map();
            // base64url keys hold no comma, so the list is unambiguous.
            const found = await search({
                search: "*",
                filter: `search.in(${KEY_FIELD}, '${ids.map(searchKey).join(",")}', ',')`,
                top: ids.length,
            });
            return new Map<string, ReadDocument>(found.map((d) => [d.id, d]));
        },
        async write(documents) {
            await ensureIndex();
            const value = documents.map((d) => ({ "@search.action": "mergeOrUpload", [KEY_FIELD]: searchKey(d.id), ...storedRecord(d) }));
            // 207: some items failed; each carries its own status.
            const { body } = await sendJson<{ value: { key: string; status: boolean; errorMessage?: string; statusCode: number }[] }>(
                SERVICE,
                fetch,
                "POST",
                `${base}/${index}/docs/search.index?${api}`,
                { value },
                { accept: [207] },
            );
            const byKey = new Map(body.value.map((r) => [r.key, r]));
            return documents.map((d) => {
                const result = byKey.get(searchKey(d.id));
                if (result === undefined) return { id: d.id, error: "no answer for this key" };
                return result.status ? { id: d.id } : { id: d.id, error: `${result.statusCode} ${result.errorMessage ?? ""}`.trim() };
            });
        },
        async search(query) {
            const searchable = fields.filter((f) => readModel.fields[f].searchable);
            const items = await search({
                search: query.text ?? "*",
                ...(query.text ? { searchFields: searchable.join(",") } : {}),
                queryType: "simple",
                filter: odataFilter(query.filters, readModel),
                ...(query.sort.length ? { orderby: query.sort.map((s) => `${s.field} ${s.descending ? "desc" : "asc"}`).join(",") } : {}),
                top: query.limit + 1,
                skip: query.offset,
            });
            return { items: items.slice(0, query.limit), more: items.length > query.limit };
        },
    };
}
