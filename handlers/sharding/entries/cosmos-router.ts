/** The router over shards in Cosmos DB (Azure): one container, or one per region with geo; Entra ID, local auth off. */
import { cosmosClient } from "../../stores/clients/cosmos";
import type { CosmosRestClient } from "../../stores/clients/cosmos-rest";
import { cosmosShardStore } from "../../stores/shards/cosmos";
import { routerFunction } from "../router-function";

const clients = new Map<string, CosmosRestClient>();

/** One client per account endpoint, signing in with the function's managed identity. */
function clientFor(endpoint: string): CosmosRestClient {
    const client = clients.get(endpoint) ?? cosmosClient(endpoint);
    clients.set(endpoint, client);
    return client;
}

export const handler = routerFunction({
    locationKind: "cosmos",
    openShard: ({ name, location }) =>
        cosmosShardStore(clientFor(location.endpoint).database(location.database).container(location.container), name),
});
