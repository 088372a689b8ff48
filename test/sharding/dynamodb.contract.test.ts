import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { strict as assert } from "node:assert";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoShardStore } from "../../handlers/stores/shards/dynamodb";
import { WRITE_SHARDS, writeShardsOf } from "../../handlers/stores/shards/write-sharding";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// The managed store: every shard in one table, keyed (shard, id), as settings-document.ts gives it.
shardStoreContract("DynamoDB (DynamoDB Local; one table, hash key shard, range key id)", () => {
    const peer = usePeer("dynamodb-local");
    let client: DynamoDBDocumentClient | undefined;
    let table: string | undefined;

    it("spreads a shard over its write-sharding partition keys <shard>#0 .. #7, so no shard is one hot partition key", async () => {
        const store = dynamoShardStore(client!, table!, "spread");
        for (let i = 0; i < 200; i++) await store.write(`k${i}`, { deleted: false, document: { i } }, 0);
        const { Items = [] } = await client!.send(
            new ScanCommand({ TableName: table, ProjectionExpression: "#s", ExpressionAttributeNames: { "#s": "shard" } }),
        );
        const counts = new Map<string, number>();
        for (const item of Items) if (String(item.shard).startsWith("spread#")) counts.set(item.shard, (counts.get(item.shard) ?? 0) + 1);
        assert.deepEqual([...counts.keys()].sort(), writeShardsOf("spread").sort());
        // 200 keys over 8 partitions: 25 each on average; none holds twice that.
        assert.ok(Math.max(...counts.values()) < (2 * 200) / WRITE_SHARDS, JSON.stringify(Object.fromEntries(counts)));
    });

    return {
        async open(name) {
            if (!table) {
                table = `shards-${peer.namespace}`;
                const admin = peer.client();
                await admin.send(
                    new CreateTableCommand({
                        TableName: table,
                        BillingMode: "PAY_PER_REQUEST",
                        AttributeDefinitions: [
                            { AttributeName: "shard", AttributeType: "S" },
                            { AttributeName: "id", AttributeType: "S" },
                        ],
                        KeySchema: [
                            { AttributeName: "shard", KeyType: "HASH" },
                            { AttributeName: "id", KeyType: "RANGE" },
                        ],
                    }),
                );
                admin.destroy();
                client = dynamoDocumentClient(peer.clientConfig);
            }
            return dynamoShardStore(client!, table, name);
        },
        close: async () => client?.destroy(),
    };
});
