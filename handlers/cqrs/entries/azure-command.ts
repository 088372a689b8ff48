/** The command function on Azure: the write model in Cosmos DB (Entra ID, local auth off). */
import { cosmosClient } from "../../stores/clients/cosmos";
import { cosmosDocumentStore } from "../../stores/documents/cosmos";
import { commandFunction } from "../functions";

export const handler = commandFunction("cosmos", (store) =>
    cosmosDocumentStore(cosmosClient(store.endpoint).database(store.database).container(store.container)),
);
