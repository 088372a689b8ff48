/**
 * Reads a DynamoDB Local table's stream the way a Lambda event source mapping does: each shard
 * from TRIM_HORIZON, GetRecords in order; the mapping's delivery (runMapping, partial batch
 * responses, bounded retries, on-failure destination) is the one `cloud-patterns dev` runs.
 */
import {
    DescribeStreamCommand,
    DynamoDBStreamsClient,
    GetRecordsCommand,
    GetShardIteratorCommand,
    _Record,
} from "@aws-sdk/client-dynamodb-streams";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoPeer } from "../support/peers";

export { runMapping, type MappingRun, type StreamHandler } from "../../plan/dev/deliveries/dynamodb-stream-mapping";

export async function streamRecords(client: DynamoDBStreamsClient, streamArn: string): Promise<_Record[]> {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: _Record[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
        let iterator = (
            await client.send(
                new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: "TRIM_HORIZON" }),
            )
        ).ShardIterator;
        // An open shard always hands back a next iterator; an empty page means we are at its end.
        while (iterator) {
            const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator }));
            records.push(...(page.Records ?? []));
            if (!page.Records?.length) break;
            iterator = page.NextShardIterator;
        }
    }
    return records;
}

/** The write table as the component declares it: hash key `id`, stream NEW_AND_OLD_IMAGES. */
export async function createWriteTable(peer: DynamoPeer, name: string): Promise<string> {
    const { TableDescription } = await peer.client().send(
        new CreateTableCommand({
            TableName: name,
            KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
            AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
            BillingMode: "PAY_PER_REQUEST",
            StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        }),
    );
    return TableDescription!.LatestStreamArn!;
}

export function streamsClient(peer: DynamoPeer): DynamoDBStreamsClient {
    return new DynamoDBStreamsClient(peer.clientConfig);
}
