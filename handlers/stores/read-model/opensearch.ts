/**
 * The read model on OpenSearch (Serverless collection or managed domain), through its REST API:
 * the index made from the read model at first use (PUT /<index>; "already exists" is success),
 * `_mget` for the projector's current versions, `_bulk` index actions reporting each item, and
 * `_search` with a bool query whose values are JSON data (term/range/multi_match), never query text.
 * Formats: OpenSearch docs, "Bulk", "Multi-get documents", "Search", "Create index" (API reference).
 */
import { DELETED_FIELD, FieldDocument, ReadModelDocument, VERSION_FIELD } from "../../cqrs/settings-document";
import { fromRecord, storedRecord } from "./fields";
import { HttpFetch, sendJson } from "./http";
import type { Filter, ReadDocument, ReadModelStore, SearchQuery } from "./port";

const SERVICE = "OpenSearch";
/** Sub-field of a searchable string that filters and sorts on the exact value. */
const KEYWORD = "raw";

/** The index's mappings: text for searchable strings (with a keyword sub-field), keyword for the other strings. */
export function openSearchMappings(readModel: ReadModelDocument): object {
    const properties: Record<string, object> = {
        [VERSION_FIELD]: { type: "long" },
        [DELETED_FIELD]: { type: "boolean" },
    };
    for (const [name, field] of Object.entries(readModel.fields)) properties[name] = fieldMapping(field);
    return { mappings: { dynamic: false, properties } };
}

function fieldMapping(field: FieldDocument): object {
    switch (field.type) {
        case "string":
        case "string[]":
            return field.searchable ? { type: "text", fields: { [KEYWORD]: { type: "keyword" } } } : { type: "keyword" };
        case "number":
            return { type: "double" };
        case "integer":
            return { type: "long" };
        case "boolean":
            return { type: "boolean" };
        case "date":
            return { type: "date" };
    }
}

interface BulkItem {
    readonly index?: { readonly _id: string; readonly status: number; readonly error?: { readonly type: string; readonly reason: string } };
}

export function openSearchReadModel(fetch: HttpFetch, endpoint: string, index: string, readModel: ReadModelDocument): ReadModelStore {
    const base = endpoint.replace(/\/+$/, "");
    const fields = Object.keys(readModel.fields);
    const exact = (name: string) => {
        const field = readModel.fields[name];
        return field.searchable && (field.type === "string" || field.type === "string[]") ? `${name}.${KEYWORD}` : name;
    };
    let indexReady: Promise<void> | undefined;
    const ensureIndex = () =>
        (indexReady ??= sendJson<{ error?: { type?: string } }>(SERVICE, fetch, "PUT", `${base}/${index}`, openSearchMappings(readModel), {
            accept: [400],
        }).then(({ status, body }) => {
            if (status === 400 && body.error?.type !== "resource_already_exists_exception") {
                indexReady = undefined;
                throw new Error(`${SERVICE}: creating index ${index} failed: ${JSON.stringify(body)}`);
            }
        }));

    const filterClause = (f: Filter): object =>
        f.op === "eq" ? { term: { [exact(f.field)]: f.value } } : { range: { [f.field]: { [f.op]: f.value } } };

    return {
        async getMany(ids) {
            if (ids.length === 0) return new Map();
            const { status, body } = await sendJson<{ docs?: { _id: string; found: boolean; _source?: Record<string, unknown> }[] }>(
                SERVICE,
                fetch,
                "POST",
                `${base}/${index}/_mget`,
                { ids },
                { accept: [404] },
            );
            const found = new Map<string, ReadDocument>();
            if (status === 404) return found;
            for (const doc of body.docs ?? []) if (doc.found && doc._source) found.set(doc._id, fromRecord(doc._id, doc._source, fields));
            return found;
        },
        async write(documents) {
            await ensureIndex();
            const lines = documents.flatMap((d) => [
                JSON.stringify({ index: { _index: index, _id: d.id } }),
                JSON.stringify(storedRecord(d)),
            ]);
            const { body } = await sendJson<{ items: BulkItem[] }>(SERVICE, fetch, "POST", `${base}/_bulk`, lines.join("\n") + "\n", {
                contentType: "application/x-ndjson",
            });
            return documents.map((d, i) => {
                const item = body.items[i]?.index;
                if (item === undefined) return { id: d.id, error: "no answer for this item in the bulk response" };
                return item.status < 300 ? { id: d.id } : { id: d.id, error: `${item.status} ${item.error?.type}: ${item.error?.reason}` };
            });
        },
        async search(query: SearchQuery) {
            const searchable = fields.filter((f) => readModel.fields[f].searchable);
            const request = {
                from: query.offset,
                size: query.limit + 1,
                query: {
                    bool: {
                        ...(query.text ? { must: [{ multi_match: { query: query.text, fields: searchable } }] } : {}),
                        filter: [{ term: { [DELETED_FIELD]: false } }, ...query.filters.map(filterClause)],
                    },
                },
                sort: query.sort.map((s) => ({ [exact(s.field)]: { order: s.descending ? "desc" : "asc" } })),
            };
            const { status, body } = await sendJson<{ hits?: { hits: { _id: string; _source: Record<string, unknown> }[] } }>(
                SERVICE,
                fetch,
                "POST",
                `${base}/${index}/_search`,
                request,
                { accept: [404] },
            );
            const hits = status === 404 ? [] : (body.hits?.hits ?? []);
            return { items: hits.slice(0, query.limit).map((h) => fromRecord(h._id, h._source, fields)), more: hits.length > query.limit };
        },
    };
}
