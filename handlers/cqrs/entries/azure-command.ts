/**
 * The command function on Azure: the write model in Cosmos DB (Entra ID, local auth off). With AI
 * Search's indexer as the sync path, it also puts the indexer's definitions before its first write
 * and writes each item's read fields for the indexer's query.
 */
import { azureSearchFetch } from "../../stores/clients/azure-search-fetch";
import { cosmosClient } from "../../stores/clients/cosmos";
import { beforeFirstWrite } from "../../stores/documents/before-first-write";
import { cosmosDocumentStore } from "../../stores/documents/cosmos";
import { aiSearchIndexerDefinitions, indexerItemFields, putAiSearchIndexer } from "../../stores/read-model/ai-search-indexer";
import { commandFunction } from "../functions";

export const handler = commandFunction("cosmos", (store, { indexer }) => {
    const container = cosmosClient(store.endpoint).database(store.database).container(store.container);
    if (indexer === undefined) return cosmosDocumentStore(container);
    const definitions = aiSearchIndexerDefinitions(
        indexer.index,
        indexer.readModel,
        { accountId: indexer.cosmosAccountId, database: store.database, container: store.container },
        indexer.intervalMinutes,
    );
    return beforeFirstWrite(cosmosDocumentStore(container, { fields: indexerItemFields(indexer.readModel) }), () =>
        putAiSearchIndexer(azureSearchFetch(), indexer.endpoint, definitions),
    );
});
