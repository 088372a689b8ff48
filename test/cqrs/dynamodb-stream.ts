/**
 * Reads a DynamoDB Local table's stream the way a Lambda event source mapping does: each shard
 * from TRIM_HORIZON, GetRecords in order, handed to the bundle as a DynamoDB Streams event; a
 * partial batch response resumes from the first failed record, and after `maxRetries` retries of a
 * batch that still fails, its failed records go to the on-failure destination (here a list).
 * Bisect-on-error is left out: with partial batch responses the mapping retries from the failed record already.
 */
import {
    DescribeStreamCommand,
    DynamoDBStreamsClient,
    GetRecordsCommand,
    GetShardIteratorCommand,
    _Record,
} from "@aws-sdk/client-dynamodb-streams";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDbStreamEvent } from "../../handlers/runtimes/aws";
import type { DynamoPeer } from "../support/peers";

export type StreamHandler = (event: DynamoDbStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export interface MappingRun {
    /** Records handed to the handler, deliveries counted (a retried record counts again). */
    readonly deliveries: number;
    /** Sequence numbers sent to the on-failure destination. */
    readonly deadLettered: string[];
}

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

/** Delivers `records` in batches of `batchSize` as the mapping does, with bounded retries and a dead-letter list. */
export async function runMapping(
    records: readonly _Record[],
    handler: StreamHandler,
    options: { batchSize: number; maxRetries: number },
): Promise<MappingRun> {
    let deliveries = 0;
    const deadLettered: string[] = [];
    let position = 0;
    while (position < records.length) {
        let batch = records.slice(position, position + options.batchSize);
        let retries = 0;
        for (;;) {
            deliveries += batch.length;
            const { batchItemFailures } = await handler({ Records: batch as unknown as DynamoDbStreamEvent["Records"] });
            if (batchItemFailures.length === 0) break;
            const firstFailed = batch.findIndex((r) => batchItemFailures.some((f) => f.itemIdentifier === r.dynamodb?.SequenceNumber));
            if (retries >= options.maxRetries) {
                // Retries exhausted: the failed record goes to the destination and the shard moves past it.
                deadLettered.push(batch[firstFailed].dynamodb!.SequenceNumber!);
                batch = batch.slice(firstFailed + 1);
                retries = 0;
                if (batch.length === 0) break;
                continue;
            }
            batch = batch.slice(firstFailed);
            retries++;
        }
        position += options.batchSize;
    }
    return { deliveries, deadLettered };
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
