import { CosmosClient, CosmosClientOptions } from "@azure/cosmos";
import { DefaultAzureCredential } from "@azure/identity";

/**
 * A Cosmos DB client reaching the account by Microsoft Entra ID (the function's managed
 * identity: the components turn local auth off). Tests pass the emulator's options, key included.
 */
export function cosmosClient(endpoint: string, options: Omit<CosmosClientOptions, "endpoint"> = {}): CosmosClient {
    return new CosmosClient({
        endpoint,
        ...(options.key === undefined ? { aadCredentials: new DefaultAzureCredential() } : {}),
        ...options,
    });
}
