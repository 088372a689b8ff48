import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDocumentClient, dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoShardStore } from "../../handlers/stores/shards/dynamodb";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// The managed store: every shard in one table, keyed (shard, id), as settings-document.ts gives it.
shardStoreContract("DynamoDB (DynamoDB Local; one table, hash key shard, range key id)", () => {
    const peer = usePeer("dynamodb-local");
    let client: DynamoDocumentClient | undefined;
    let table: string | undefined;
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
