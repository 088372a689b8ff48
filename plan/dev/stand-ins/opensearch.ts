/**
 * An OpenSearch stand-in behind the adapter's `fetch` (no OpenSearch server runs here): one index
 * in memory, answering the requests the adapter sends with the response shapes the OpenSearch API
 * reference documents (Create index, Multi-get, Bulk, Search). Its query support is only what the
 * adapter sends: bool.must multi_match (any word, case-insensitive), bool.filter term/range, sort, from/size.
 */
import type { HttpFetch } from "../../../handlers/stores/read-model/http";

type Source = Record<string, unknown>;

export interface OpenSearchStandIn {
    readonly fetch: HttpFetch;
    readonly documents: Map<string, Source>;
    readonly requests: { method: string; path: string; body?: string }[];
}

const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export function openSearchStandIn(indexName: string): OpenSearchStandIn {
    const documents = new Map<string, Source>();
    const requests: OpenSearchStandIn["requests"] = [];
    let created = false;
    const value = (doc: Source, field: string) => doc[field.replace(/\.raw$/, "")];
    const matches = (doc: Source, clause: Record<string, Record<string, unknown>>): boolean => {
        if (clause.term) {
            const [[field, expected]] = Object.entries(clause.term);
            const actual = value(doc, field);
            return Array.isArray(actual) ? actual.includes(expected) : actual === expected;
        }
        if (clause.range) {
            const [[field, bounds]] = Object.entries(clause.range) as [string, Record<string, number | string>][];
            const actual = value(doc, field) as number | string;
            return Object.entries(bounds).every(([op, b]) =>
                op === "gt" ? actual > b : op === "gte" ? actual >= b : op === "lt" ? actual < b : actual <= b,
            );
        }
        const { query, fields } = clause.multi_match as { query: string; fields: string[] };
        const words = query.toLowerCase().split(/\s+/);
        return fields.some((f) =>
            words.some((w) =>
                String(value(doc, f) ?? "")
                    .toLowerCase()
                    .includes(w),
            ),
        );
    };
    const fetch: HttpFetch = async (url, init) => {
        const path = new URL(url).pathname;
        requests.push({ method: init.method, path, body: init.body });
        if (init.method === "PUT" && path === `/${indexName}`) {
            if (created)
                return json(400, {
                    error: { type: "resource_already_exists_exception", reason: `index [${indexName}] already exists` },
                    status: 400,
                });
            created = true;
            return json(200, { acknowledged: true, shards_acknowledged: true, index: indexName });
        }
        if (!created && path !== "/_bulk")
            return json(404, { error: { type: "index_not_found_exception", reason: `no such index [${indexName}]` }, status: 404 });
        if (path === `/${indexName}/_mget`) {
            const { ids } = JSON.parse(init.body!) as { ids: string[] };
            return json(200, {
                docs: ids.map((id) =>
                    documents.has(id)
                        ? { _index: indexName, _id: id, found: true, _source: documents.get(id) }
                        : { _index: indexName, _id: id, found: false },
                ),
            });
        }
        if (path === "/_bulk") {
            const lines = init
                .body!.trim()
                .split("\n")
                .map((l) => JSON.parse(l));
            const items = [];
            for (let i = 0; i < lines.length; i += 2) {
                const id = lines[i].index._id as string;
                const existed = documents.has(id);
                documents.set(id, lines[i + 1]);
                items.push({
                    index: {
                        _index: indexName,
                        _id: id,
                        _version: 1,
                        result: existed ? "updated" : "created",
                        status: existed ? 200 : 201,
                    },
                });
            }
            return json(200, { took: 1, errors: false, items });
        }
        if (path === `/${indexName}/_search`) {
            const q = JSON.parse(init.body!) as {
                from: number;
                size: number;
                query: { bool: { must?: object[]; filter: object[] } };
                sort: Record<string, { order: string }>[];
            };
            const clauses = [...(q.query.bool.must ?? []), ...q.query.bool.filter] as Record<string, Record<string, unknown>>[];
            let hits = [...documents.entries()].filter(([, doc]) => clauses.every((c) => matches(doc, c)));
            for (const sort of [...q.sort].reverse()) {
                const [[field, { order }]] = Object.entries(sort);
                hits = hits.sort(
                    ([, a], [, b]) => ((value(a, field) as number) > (value(b, field) as number) ? 1 : -1) * (order === "desc" ? -1 : 1),
                );
            }
            const page = hits.slice(q.from, q.from + q.size);
            return json(200, {
                took: 1,
                timed_out: false,
                hits: {
                    total: { value: hits.length, relation: "eq" },
                    hits: page.map(([id, doc]) => ({ _index: indexName, _id: id, _score: 1, _source: doc })),
                },
            });
        }
        return json(400, { error: { type: "illegal_argument_exception", reason: `the stand-in does not serve ${init.method} ${path}` } });
    };
    return { fetch, documents, requests };
}
