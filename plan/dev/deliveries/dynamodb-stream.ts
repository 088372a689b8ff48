/**
 * A table's stream on DynamoDB Local, read as the Lambda event source mapping the stack declares
 * reads it: every shard from TRIM_HORIZON, polled for new records, and each batch delivered to the
 * function's host in the Lambda event's shape (dynamodb-stream-mapping.ts: partial batch
 * responses, `maximumRetryAttempts`, then the on-failure destination, here a log line).
 */
import {
    DescribeStreamCommand,
    DynamoDBStreamsClient,
    GetRecordsCommand,
    GetShardIteratorCommand,
    type _Record,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoPeer } from "../peers";
import { runMapping, type StreamHandler } from "./dynamodb-stream-mapping";
import { pollLoop } from "./poll-loop";

/** What DynamoDB Streams answers for an iterator it no longer serves. */
const STALE_ITERATOR = ["TrimmedDataAccessException", "ExpiredIteratorException"];

export interface StreamMappingOptions {
    readonly batchSize: number;
    readonly maxRetries: number;
}

export interface RunningStreamMapping {
    stop(): Promise<void>;
}

/** The record as Lambda hands it over: the creation time in epoch seconds, the stream's ARN on each record. */
function lambdaRecord(record: _Record, streamArn: string): _Record {
    const created = record.dynamodb?.ApproximateCreationDateTime;
    const seconds = created instanceof Date ? created.getTime() / 1000 : Number(created ?? 0);
    return {
        ...record,
        eventSourceARN: streamArn,
        dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: seconds as never },
    } as _Record;
}

export function startStreamMapping(
    peer: DynamoPeer,
    streamArn: string,
    deliver: StreamHandler,
    options: StreamMappingOptions,
    log: (line: string) => void,
): RunningStreamMapping {
    const client = new DynamoDBStreamsClient(peer.clientConfig);
    /** Per shard: its iterator, and the last sequence number taken (to ask again after it when an iterator goes stale). */
    const shards = new Map<string, { iterator?: string; after?: string; closed?: boolean }>();

    const iteratorFor = async (shardId: string, after: string | undefined) =>
        (
            await client.send(
                new GetShardIteratorCommand({
                    StreamArn: streamArn,
                    ShardId: shardId,
                    ...(after
                        ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
                        : { ShardIteratorType: "TRIM_HORIZON" }),
                }),
            )
        ).ShardIterator;
    const poll = async () => {
        const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of StreamDescription?.Shards ?? []) if (!shards.has(shard.ShardId!)) shards.set(shard.ShardId!, {});
        for (const [shardId, state] of shards) {
            if (state.closed) continue;
            state.iterator ??= await iteratorFor(shardId, state.after);
            let page;
            try {
                page = await client.send(new GetRecordsCommand({ ShardIterator: state.iterator }));
            } catch (err) {
                // DynamoDB Local lets an iterator taken on an empty shard go stale: take a fresh one after the last record taken.
                state.iterator = undefined;
                if (err instanceof Error && STALE_ITERATOR.includes(err.name)) continue;
                throw err;
            }
            const records = page.Records ?? [];
            // The shard moves on only once its batch was taken: a function that did not answer gets the same records again.
            const run = await runMapping(
                records.map((r) => lambdaRecord(r, streamArn)),
                deliver,
                options,
            );
            for (const sequence of run.deadLettered)
                log(`stream record ${sequence} failed ${options.maxRetries + 1} deliveries: sent to the on-failure destination`);
            if (records.length) state.after = records[records.length - 1].dynamodb?.SequenceNumber;
            state.iterator = page.NextShardIterator;
            state.closed = page.NextShardIterator === undefined;
        }
    };
    const loop = pollLoop(poll, (message) => log(`stream mapping: ${message}`));
    return {
        async stop() {
            await loop.stop();
            client.destroy();
        },
    };
}
