/**
 * An Azure AI Search stand-in behind the adapter's `fetch` (no AI Search runs locally, and no
 * emulator exists): indexes in memory, answering the REST calls the read model makes
 * (handlers/stores/read-model/ai-search.ts, api-version 2024-07-01) in the shapes Microsoft's
 * REST reference documents:
 * - "Create or Update Index" (`PUT /indexes/{name}`): 201 with the definition when made, 204 when
 *   an existing one is updated;
 * - "Index Documents" (`POST /indexes/{name}/docs/search.index`): `upload`, `merge`,
 *   `mergeOrUpload`, `delete`; 200 when every action succeeded, 207 with each key's `status` and
 *   `statusCode` otherwise (201 a new document, 200 an update, 404 a merge of a missing one);
 * - "Search Documents" (`POST /indexes/{name}/docs/search.post.search`, and `GET /indexes/{name}/docs`
 *   with `search`, `$filter`, `$orderby`, `$top`, `$skip`): `value` of the retrievable fields with
 *   `@search.score`; `$filter` in the OData subset ./odata-filter.ts evaluates, `orderby` with nulls
 *   first ascending and last descending, ties by score; `top` 50 by default;
 * - errors as the OData error body `{ error: { code, message } }`: 404 for a missing index, 400 for
 *   an invalid expression or an unknown parameter or field, 401 without a bearer token.
 * Full text is simplified: the standard analyzer's lower-cased word tokens, `searchMode` any (a
 * document matches when any term is in any searched field), `term*` a prefix; its score counts matches.
 */
import type { HttpFetch } from "../../../handlers/stores/read-model/http";
import { type FilterField, ODataFilterError, parseODataFilter } from "./odata-filter";

type Document = Record<string, unknown>;

interface IndexField extends FilterField {
    readonly name: string;
    readonly key?: boolean;
    readonly searchable?: boolean;
    readonly sortable?: boolean;
    readonly retrievable?: boolean;
}

interface Index {
    readonly definition: { readonly name: string; readonly fields: readonly IndexField[] };
    readonly key: string;
    readonly fields: ReadonlyMap<string, IndexField>;
    readonly documents: Map<string, Document>;
}

export interface AiSearchStandIn {
    readonly fetch: HttpFetch;
    /** The documents of an index by key (undefined before the index is made). */
    documents(index: string): ReadonlyMap<string, Document> | undefined;
}

/** What a search takes, from the POST body or the GET query string. */
interface SearchRequest {
    readonly search?: string;
    readonly searchFields?: string;
    readonly searchMode?: string;
    readonly queryType?: string;
    readonly filter?: string;
    readonly orderby?: string;
    readonly top?: number;
    readonly skip?: number;
    readonly select?: string;
    readonly count?: boolean;
}

const SEARCH_PARAMETERS = new Set([
    "search",
    "searchFields",
    "searchMode",
    "queryType",
    "filter",
    "orderby",
    "top",
    "skip",
    "select",
    "count",
]);
const DEFAULT_TOP = 50;

const json = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: body === undefined ? {} : { "content-type": "application/json; odata.metadata=minimal" },
    });
const odataError = (status: number, message: string) => json(status, { error: { code: "", message } });

class BadRequest extends Error {}

/** The value types of the EDM types the read model declares. */
function checkValue(field: IndexField, value: unknown): void {
    if (value === null) return;
    const fits: Record<string, (v: unknown) => boolean> = {
        "Edm.String": (v) => typeof v === "string",
        "Collection(Edm.String)": (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
        "Edm.Double": (v) => typeof v === "number",
        "Edm.Int64": (v) => Number.isInteger(v),
        "Edm.Int32": (v) => Number.isInteger(v),
        "Edm.Boolean": (v) => typeof v === "boolean",
        "Edm.DateTimeOffset": (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
    };
    if (!(fits[field.type] ?? (() => false))(value))
        throw new BadRequest(
            `The request is invalid. Details: Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${field.type}'.`,
        );
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+\*?/gu) ?? [];

export function aiSearchStandIn(serviceName: string): AiSearchStandIn {
    const indexes = new Map<string, Index>();

    const putIndex = (name: string, body: Index["definition"]) => {
        if (body?.name !== name)
            throw new BadRequest(`The index name '${body?.name}' in the body does not match the name '${name}' in the URL.`);
        const keys = body.fields.filter((f) => f.key);
        if (keys.length !== 1 || keys[0].type !== "Edm.String")
            throw new BadRequest(
                "The request is invalid. Details: index : The index must contain exactly one key field of type 'Edm.String'.",
            );
        const existing = indexes.get(name);
        indexes.set(name, {
            definition: body,
            key: keys[0].name,
            fields: new Map(body.fields.map((f) => [f.name, f])),
            documents: existing?.documents ?? new Map(),
        });
        return existing
            ? json(204)
            : json(201, { "@odata.context": `https://${serviceName}.search.windows.net/$metadata#indexes/$entity`, ...body });
    };

    const indexDocuments = (index: Index, body: { value?: Document[] }) => {
        if (!Array.isArray(body?.value))
            throw new BadRequest("The request is invalid. Details: actions : No indexing actions found in the request.");
        // The whole batch is checked first: a malformed action fails the request, not its item.
        for (const action of body.value) {
            const kind = action["@search.action"] ?? "upload";
            if (!["upload", "merge", "mergeOrUpload", "delete"].includes(String(kind)))
                throw new BadRequest(`The request is invalid. Details: '${String(kind)}' is not a valid indexing action.`);
            if (typeof action[index.key] !== "string" || !/^[A-Za-z0-9_\-=]+$/.test(action[index.key] as string))
                throw new BadRequest(
                    `The request is invalid. Details: The document key field '${index.key}' is missing or holds characters a key may not.`,
                );
            for (const [name, value] of Object.entries(action)) {
                if (name === "@search.action") continue;
                const field = index.fields.get(name);
                if (!field)
                    throw new BadRequest(
                        `The request is invalid. Details: The property '${name}' does not exist on type 'search.documentFields'.`,
                    );
                checkValue(field, value);
            }
        }
        const results = body.value.map((action) => {
            const { ["@search.action"]: kind = "upload", ...fields } = action;
            const key = fields[index.key] as string;
            const existing = index.documents.get(key);
            if (kind === "delete") {
                index.documents.delete(key);
                return { key, status: true, errorMessage: null, statusCode: 200 };
            }
            if (kind === "merge" && !existing) return { key, status: false, errorMessage: "Document not found.", statusCode: 404 };
            const merged = kind === "upload" || !existing ? fields : { ...existing, ...fields };
            index.documents.set(key, merged);
            return { key, status: true, errorMessage: null, statusCode: existing ? 200 : 201 };
        });
        return json(results.every((r) => r.status) ? 200 : 207, { value: results });
    };

    const search = (index: Index, request: SearchRequest) => {
        for (const name of Object.keys(request))
            if (!SEARCH_PARAMETERS.has(name)) throw new BadRequest(`Invalid or unsupported search parameter '${name}'.`);
        if (request.queryType !== undefined && request.queryType !== "simple")
            throw new BadRequest(`The stand-in serves queryType 'simple' only, got '${request.queryType}'.`);
        if (request.searchMode !== undefined && request.searchMode !== "any")
            throw new BadRequest(`The stand-in serves searchMode 'any' only, got '${request.searchMode}'.`);
        const searchable = [...index.fields.values()].filter((f) => f.searchable).map((f) => f.name);
        const searched = request.searchFields ? request.searchFields.split(",").map((f) => f.trim()) : searchable;
        for (const name of searched)
            if (!searchable.includes(name)) throw new BadRequest(`The field '${name}' in the search field list is not searchable.`);
        const terms = request.search && request.search.trim() !== "*" ? words(request.search) : [];
        const score = (doc: Document) => {
            if (terms.length === 0) return 1;
            const tokens = searched.flatMap((f) => [doc[f]].flat().flatMap((v) => (typeof v === "string" ? words(v) : [])));
            return terms.filter((t) => tokens.some((w) => (t.endsWith("*") ? w.startsWith(t.slice(0, -1)) : w === t))).length;
        };
        const filter = request.filter ? parseODataFilter(request.filter, index.fields) : () => true;
        const order = (request.orderby ?? "")
            .split(",")
            .map((c) => c.trim())
            .filter((c) => c !== "")
            .map((clause) => {
                const [name, direction = "asc", ...rest] = clause.split(/\s+/);
                const field = index.fields.get(name);
                if (!field || !field.sortable || rest.length > 0 || !["asc", "desc"].includes(direction))
                    throw new BadRequest(`Invalid expression: '${clause}' is not a valid order-by clause on a sortable field.`);
                return { name, descending: direction === "desc" };
            });
        const top = request.top ?? DEFAULT_TOP;
        const skip = request.skip ?? 0;
        if (!Number.isInteger(top) || top < 0 || !Number.isInteger(skip) || skip < 0 || skip > 100_000)
            throw new BadRequest(`top must be a non-negative integer and skip one of at most 100000, got top ${top}, skip ${skip}.`);
        const hits = [...index.documents.values()]
            .map((doc) => ({ doc, score: score(doc) }))
            .filter(({ doc, score }) => score > 0 && filter(doc))
            .sort((a, b) => {
                for (const { name, descending } of order) {
                    const [x, y] = [a.doc[name] ?? null, b.doc[name] ?? null];
                    if (x === y) continue;
                    // Nulls first when ascending, last when descending ("OData $orderby syntax").
                    const ascending = x === null ? -1 : y === null ? 1 : (x as number) < (y as number) ? -1 : 1;
                    return descending ? -ascending : ascending;
                }
                return b.score - a.score;
            });
        const selected = request.select ? request.select.split(",").map((f) => f.trim()) : undefined;
        const retrievable = [...index.fields.values()].filter((f) => f.retrievable !== false && (!selected || selected.includes(f.name)));
        const value = hits.slice(skip, skip + top).map(({ doc, score }) => ({
            "@search.score": score,
            ...Object.fromEntries(retrievable.map((f) => [f.name, doc[f.name] ?? null])),
        }));
        return json(200, {
            "@odata.context": `https://${serviceName}.search.windows.net/indexes('${index.definition.name}')/$metadata#docs(*)`,
            ...(request.count && { "@odata.count": hits.length }),
            value,
        });
    };

    /** A GET search's query string as a POST body: `$filter` is `filter`, and so on. */
    const fromQueryString = (params: URLSearchParams): SearchRequest => {
        const request: Record<string, unknown> = {};
        for (const [name, value] of params) {
            if (name === "api-version") continue;
            const key = name.replace(/^\$/, "");
            request[key] = ["top", "skip"].includes(key) ? Number(value) : key === "count" ? value === "true" : value;
        }
        return request;
    };

    const fetch: HttpFetch = async (url, init) => {
        const { pathname, searchParams } = new URL(url);
        if (!searchParams.get("api-version"))
            return odataError(400, "The api-version query parameter (?api-version=) is required for all requests.");
        if (!/^Bearer \S+/.test(init.headers.authorization ?? ""))
            return odataError(401, "Authorization failed: no bearer token (API keys are off).");
        const [, collection, name, docs, action] = pathname.split("/");
        try {
            const body = init.body ? JSON.parse(init.body) : undefined;
            if (collection !== "indexes" || !name) return odataError(404, `The stand-in serves /indexes only, not ${pathname}.`);
            if (init.method === "PUT" && docs === undefined) return putIndex(name, body);
            const index = indexes.get(name);
            if (!index) return odataError(404, `The index '${name}' for service '${serviceName}' was not found.`);
            if (init.method === "POST" && docs === "docs" && action === "search.index") return indexDocuments(index, body);
            if (init.method === "POST" && docs === "docs" && action === "search.post.search") return search(index, body ?? {});
            if (init.method === "GET" && docs === "docs" && action === undefined) return search(index, fromQueryString(searchParams));
            return odataError(400, `The stand-in does not serve ${init.method} ${pathname}.`);
        } catch (err) {
            if (err instanceof BadRequest || err instanceof ODataFilterError || err instanceof SyntaxError)
                return odataError(400, err.message);
            throw err;
        }
    };
    return { fetch, documents: (name) => indexes.get(name)?.documents };
}
