/**
 * The read model on Azure AI Search kept by AI Search's own Azure Cosmos DB indexer
 * (`azure.sync: "indexer"`), through its REST API (api-version 2024-07-01): the index, a `cosmosdb`
 * data source and a scheduled indexer, each put with `PUT /{collection}/{name}` (idempotent: a PUT
 * of the same definition is an update; azure-native has none of the three). Formats: Learn, "Create
 * or Update Data Source", "Create or Update Indexer", "Index data from Azure Cosmos DB for NoSQL",
 * "Connect to Azure Cosmos DB using a managed identity", "Field mappings" (REST reference and guides).
 *
 * What the indexer cannot do, so this path gives up:
 * - run code: no `projectionModule`; the read document is the write document's read-model fields.
 * - parse text: the write model keeps a document as JSON text (`body`), which no Cosmos DB query or
 *   field mapping function turns into fields, so the command function also writes the read fields
 *   as an object ({@link INDEXER_FIELD}) the data source's query reads.
 * - clear a field: the indexer cannot tell a null from a missing value ("Index data from Azure
 *   Cosmos DB for NoSQL", change detection note), so a field removed from a document keeps its old
 *   value in the index until the document is deleted.
 * - be quick: a scheduled indexer runs every 5 minutes at the most (PT5M, "Schedule an indexer").
 * - keep tombstones: soft-delete detection removes a deleted document from the index, so a delete's
 *   version cannot be waited for with `minVersion` (its 404 is the sign).
 */
import { DELETED_FIELD, ReadModelDocument, VERSION_FIELD } from "../../cqrs/settings-document";
import type { NextDocument } from "../documents/port";
import { AI_SEARCH_API_VERSION, aiSearchIndex, KEY_FIELD, searchKey } from "./ai-search";
import { HttpFetch, sendJson } from "./http";

/** The item field holding the read fields as an object, and the index key the query side looks documents up by. */
export const INDEXER_FIELD = "cqrsSearch";

/** Where the indexer reads: the Cosmos DB account (its ARM id), database and container. */
export interface CosmosSource {
    readonly accountId: string;
    readonly database: string;
    readonly container: string;
}

/** The index, data source and indexer the read model needs, named after the index. */
export interface AiSearchIndexerDefinitions {
    readonly index: object;
    readonly dataSource: { readonly name: string };
    readonly indexer: { readonly name: string };
}

/** The fields the command function adds to each Cosmos DB item: the index key and the read fields, as the indexer's query reads them. */
export function indexerItemFields(readModel: ReadModelDocument): (id: string, next: NextDocument) => Record<string, unknown> {
    const fields = Object.keys(readModel.fields);
    return (id, next) => {
        const read: Record<string, unknown> = { [KEY_FIELD]: searchKey(id) };
        if (!next.deleted) {
            for (const field of fields) if (next.document[field] !== undefined) read[field] = next.document[field];
        }
        return { [INDEXER_FIELD]: read };
    };
}

/**
 * The data source's query: each item's read fields under the index's names, as one object (field
 * names quoted, so a field named like a keyword of the query language still works). Items without
 * {@link INDEXER_FIELD} (written before this path) are skipped. Ordered by `_ts`, which the
 * high-water-mark policy needs for incremental progress.
 */
export function indexerQuery(readModel: ReadModelDocument): string {
    const read = Object.keys(readModel.fields).map((f) => `${JSON.stringify(f)}: c.${INDEXER_FIELD}[${JSON.stringify(f)}]`);
    const projection = [
        `${JSON.stringify(KEY_FIELD)}: c.${INDEXER_FIELD}.${KEY_FIELD}`,
        `${JSON.stringify(VERSION_FIELD)}: c.version`,
        `${JSON.stringify(DELETED_FIELD)}: c.deleted`,
        ...read,
        `"_ts": c._ts`,
    ];
    return `SELECT VALUE { ${projection.join(", ")} } FROM c WHERE IS_DEFINED(c.${INDEXER_FIELD}) AND c._ts >= @HighWaterMark ORDER BY c._ts`;
}

export function aiSearchIndexerDefinitions(
    index: string,
    readModel: ReadModelDocument,
    source: CosmosSource,
    intervalMinutes: number,
): AiSearchIndexerDefinitions {
    const name = `${index}-cosmos`;
    const dataSource = {
        name,
        type: "cosmosdb",
        // The search service's managed identity, no account key: AccessToken because the account's local auth is off.
        credentials: { connectionString: `ResourceId=${source.accountId};Database=${source.database};IdentityAuthType=AccessToken` },
        container: { name: source.container, query: indexerQuery(readModel) },
        dataChangeDetectionPolicy: {
            "@odata.type": "#Microsoft.Azure.Search.HighWaterMarkChangeDetectionPolicy",
            highWaterMarkColumnName: "_ts",
        },
        // A tombstone (the write model's `deleted`, projected as cqrsDeleted) removes the document from the index.
        dataDeletionDetectionPolicy: {
            "@odata.type": "#Microsoft.Azure.Search.SoftDeleteColumnDeletionDetectionPolicy",
            softDeleteColumnName: DELETED_FIELD,
            softDeleteMarkerValue: "true",
        },
    };
    const indexer = {
        name,
        dataSourceName: name,
        targetIndexName: index,
        schedule: { interval: `PT${intervalMinutes}M` },
        parameters: {
            // A failing item stops the run, so the next run retries it instead of skipping it for good.
            maxFailedItems: 0,
            maxFailedItemsPerBatch: 0,
            // The projection query is ordered by _ts, which AI Search may not infer from a SELECT VALUE.
            configuration: { assumeOrderByHighWaterMarkColumn: true },
        },
        // One mapping per index field, by the same name: the query already shapes each item.
        fieldMappings: [KEY_FIELD, VERSION_FIELD, DELETED_FIELD, ...Object.keys(readModel.fields)].map((f) => ({
            sourceFieldName: f,
            targetFieldName: f,
        })),
    };
    return { index: aiSearchIndex(index, readModel), dataSource, indexer };
}

/** Puts the index, then the data source, then the indexer (which names both): each PUT is an update when it exists. */
export async function putAiSearchIndexer(fetch: HttpFetch, endpoint: string, definitions: AiSearchIndexerDefinitions): Promise<void> {
    const base = endpoint.replace(/\/+$/, "");
    const api = `api-version=${AI_SEARCH_API_VERSION}`;
    const index = definitions.index as { name: string };
    await sendJson("AI Search", fetch, "PUT", `${base}/indexes/${index.name}?${api}`, definitions.index);
    await sendJson("AI Search", fetch, "PUT", `${base}/datasources/${definitions.dataSource.name}?${api}`, definitions.dataSource);
    await sendJson("AI Search", fetch, "PUT", `${base}/indexers/${definitions.indexer.name}?${api}`, definitions.indexer);
}
