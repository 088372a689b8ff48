/**
 * Creates on DynamoDB Local the tables a pattern's program registered (aws:dynamodb/table:Table),
 * with the recorded keys, attribute types and stream: what the functions' store adapters need to
 * run as they would against the deployed tables.
 */
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import type { RecordedResource } from "../mock-cloud";
import type { DevContext } from "./wiring";

const TABLE_TYPE = "aws:dynamodb/table:Table";

export async function createRecordedTables(client: DynamoDBClient, resources: readonly RecordedResource[]): Promise<string[]> {
    const created: string[] = [];
    for (const table of resources.filter((r) => r.type === TABLE_TYPE)) {
        const inputs = table.inputs;
        const keys = [
            { AttributeName: inputs.hashKey as string, KeyType: "HASH" as const },
            ...(inputs.rangeKey ? [{ AttributeName: inputs.rangeKey as string, KeyType: "RANGE" as const }] : []),
        ];
        await client.send(
            new CreateTableCommand({
                TableName: inputs.name,
                KeySchema: keys,
                AttributeDefinitions: (inputs.attributes as { name: string; type: "S" | "N" | "B" }[]).map((a) => ({
                    AttributeName: a.name,
                    AttributeType: a.type,
                })),
                BillingMode: "PAY_PER_REQUEST",
                ...(inputs.streamEnabled && { StreamSpecification: { StreamEnabled: true, StreamViewType: inputs.streamViewType } }),
            }),
        );
        if (inputs.ttl?.enabled)
            await client.send(
                new UpdateTimeToLiveCommand({
                    TableName: inputs.name,
                    TimeToLiveSpecification: { Enabled: true, AttributeName: inputs.ttl.attributeName },
                }),
            );
        created.push(inputs.name as string);
    }
    return created;
}

/** DynamoDB Local with the pattern's recorded tables made on it, and said in the live log. */
export async function dynamoDbLocalWithTables(context: DevContext, resources: readonly RecordedResource[]) {
    const peer = await context.peers.get("dynamodb-local");
    const client = peer.client();
    try {
        context.log(`tables on DynamoDB Local: ${(await createRecordedTables(client, resources)).join(", ")}`);
    } finally {
        client.destroy();
    }
    return peer;
}
