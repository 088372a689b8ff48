import { CosmosRestClient, type CosmosRestOptions } from "./cosmos-rest";

/**
 * A Cosmos DB client reaching the account by Microsoft Entra ID (the function's managed identity,
 * from the host's identity endpoint: the components turn local auth off), over the REST API.
 * Tests and `cloud-patterns dev` pass the emulator's key (and an agent for its certificate).
 */
export function cosmosClient(endpoint: string, options: CosmosRestOptions = {}): CosmosRestClient {
    return new CosmosRestClient(endpoint, options);
}
