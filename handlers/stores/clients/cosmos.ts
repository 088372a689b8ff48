import { CosmosClient, CosmosClientOptions } from "@azure/cosmos";
import { managedIdentityCredential } from "../../azure-managed-identity";

/**
 * A Cosmos DB client reaching the account by Microsoft Entra ID (the function's managed
 * identity, from the host's identity endpoint: the components turn local auth off). Tests pass the
 * emulator's options, key included.
 */
export function cosmosClient(endpoint: string, options: Omit<CosmosClientOptions, "endpoint"> = {}): CosmosClient {
    return new CosmosClient({
        endpoint,
        ...(options.key === undefined ? { aadCredentials: managedIdentityCredential() } : {}),
        ...options,
    });
}
