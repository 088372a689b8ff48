import { CreateTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { strict as assert } from "node:assert";
import { DynamoDocumentClient, dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoShardStore } from "../../handlers/stores/shards/dynamodb";
import { WRITE_SHARDS, writeShardsOf } from "../../handlers/stores/shards/write-sharding";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// The managed store: every shard in one table, keyed (shard, id), as settings-document.ts gives it.
shardStoreContract("DynamoDB (DynamoDB Local; one table, hash key shard, range key id)", () => {
    const peer = usePeer("dynamodb-local");
    let client: DynamoDocumentClient | undefined;
    let table: string | undefined;

    it("spreads a shard over its write-sharding partition keys <shard>#0 .. #7, so no shard is one hot partition key", async () => {
        const store = dynamoShardStore(client!, table!, "spread");
        for (let i = 0; i < 200; i++) await store.write(`k${i}`, { deleted: false, document: { i } }, 0);
        // Scanned with the SDK's client: the functions' own client has only the operations the adapters send.
        const admin = peer.client();
        const { Items = [] } = await admin.send(
            new ScanCommand({ TableName: table, ProjectionExpression: "#s", ExpressionAttributeNames: { "#s": "shard" } }),
        );
        admin.destroy();
        const counts = new Map<string, number>();
        for (const { shard } of Items) if (shard.S?.startsWith("spread#")) counts.set(shard.S, (counts.get(shard.S) ?? 0) + 1);
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
    };
});
