/** The router over shards in DynamoDB (AWS): one table, or one per region with geo. */
import { DynamoDocumentClient, dynamoDocumentClient } from "../../stores/clients/dynamodb";
import { dynamoShardStore } from "../../stores/shards/dynamodb";
import { routerFunction } from "../router-function";

const clients = new Map<string, DynamoDocumentClient>();

/** One client per region; the function's own region ("") when the shard names none. */
function clientFor(region = ""): DynamoDocumentClient {
    const client = clients.get(region) ?? dynamoDocumentClient(region === "" ? {} : { region });
    clients.set(region, client);
    return client;
}

export const handler = routerFunction({
    locationKind: "dynamodb",
    openShard: (shard) => dynamoShardStore(clientFor(shard.location.region), shard.location.table, shard.name),
});
