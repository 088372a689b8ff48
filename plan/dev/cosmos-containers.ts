/**
 * Creates on the local Cosmos DB peer the databases and containers a pattern's program registered
 * (azure-native SqlResourceSqlDatabase / SqlResourceSqlContainer), with the recorded partition key
 * and default TTL: what the functions' store adapters need, as against the deployed account.
 */
import type { CosmosClient, PartitionKeyDefinition } from "@azure/cosmos";
import type { RecordedResource } from "../mock-cloud";

const DATABASE_TYPE = "azure-native:cosmosdb:SqlResourceSqlDatabase";
const CONTAINER_TYPE = "azure-native:cosmosdb:SqlResourceSqlContainer";

/** Creates them (or finds them made) and returns `database/container` of each. */
export async function createRecordedContainers(client: CosmosClient, resources: readonly RecordedResource[]): Promise<string[]> {
    const databases = new Map(resources.filter((r) => r.type === DATABASE_TYPE).map((r) => [r.name, r.inputs.resource.id as string]));
    const created: string[] = [];
    for (const container of resources.filter((r) => r.type === CONTAINER_TYPE)) {
        const databaseId = databases.get(container.inputs.databaseName) ?? container.inputs.databaseName;
        const { database } = await client.databases.createIfNotExists({ id: databaseId });
        const resource = container.inputs.resource as { id: string; partitionKey: PartitionKeyDefinition; defaultTtl?: number };
        await database.containers.createIfNotExists({
            id: resource.id,
            partitionKey: resource.partitionKey,
            ...(resource.defaultTtl !== undefined && { defaultTtl: resource.defaultTtl }),
        });
        created.push(`${databaseId}/${resource.id}`);
    }
    return created;
}
