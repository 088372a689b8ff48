import * as assert from "node:assert/strict";
import {
    CreateTableCommand,
    GetItemCommand,
    PutItemCommand,
    TransactWriteItemsCommand,
    type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { usePeer, type DynamoPeer } from "../support/peers";

/** A table keyed by the string attribute `id`. */
async function createTable(client: DynamoDBClient, TableName: string): Promise<void> {
    await client.send(
        new CreateTableCommand({
            TableName,
            KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
            AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
            BillingMode: "PAY_PER_REQUEST",
        }),
    );
}

/** Creates a table, writes an item and reads it back; a conditional put on an existing key must fail. */
function roundTrip(peer: () => DynamoPeer): void {
    it("creates a table, puts an item and gets it back", async () => {
        const client = peer().client();
        try {
            const TableName = `${peer().namespace}-items`;
            await createTable(client, TableName);
            await client.send(new PutItemCommand({ TableName, Item: { id: { S: "a" }, n: { N: "1" } } }));
            const got = await client.send(new GetItemCommand({ TableName, Key: { id: { S: "a" } }, ConsistentRead: true }));
            assert.deepEqual(got.Item, { id: { S: "a" }, n: { N: "1" } });
            await assert.rejects(
                client.send(new PutItemCommand({ TableName, Item: { id: { S: "a" } }, ConditionExpression: "attribute_not_exists(id)" })),
                { name: "ConditionalCheckFailedException" },
            );
        } finally {
            client.destroy();
        }
    });
}

describe("peer: dynamodb-local", () => {
    const peer = usePeer("dynamodb-local");
    roundTrip(() => peer);

    it("runs TransactWriteItems, all or nothing", async () => {
        const client = peer.client();
        try {
            const TableName = `${peer.namespace}-tx`;
            await createTable(client, TableName);
            await client.send(new PutItemCommand({ TableName, Item: { id: { S: "taken" } } }));
            await assert.rejects(
                client.send(
                    new TransactWriteItemsCommand({
                        TransactItems: [
                            { Put: { TableName, Item: { id: { S: "new" } } } },
                            { Put: { TableName, Item: { id: { S: "taken" } }, ConditionExpression: "attribute_not_exists(id)" } },
                        ],
                    }),
                ),
                { name: "TransactionCanceledException" },
            );
            const partial = await client.send(new GetItemCommand({ TableName, Key: { id: { S: "new" } }, ConsistentRead: true }));
            assert.equal(partial.Item, undefined, "the cancelled transaction must not have written its first item");
        } finally {
            client.destroy();
        }
    });
});

describe("peer: dynalite", () => {
    const peer = usePeer("dynalite");
    roundTrip(() => peer);

    it("declares its known gaps (no transactions, no streams)", () => {
        assert.deepEqual(peer.supports, { transactions: false, streams: false });
    });
});
