/**
 * A Lambda event source mapping's delivery of DynamoDB stream records: batches of `batchSize` in
 * order; a partial batch response resumes from the first failed record, and after `maxRetries`
 * retries of a batch that still fails, its failed record goes to the on-failure destination (the
 * returned list) and the shard moves past it. Bisect-on-error is left out: with partial batch
 * responses the mapping retries from the failed record already. Used by `cloud-patterns dev`
 * (deliveries to the projector's host) and by the CQRS tests (to the handler in-process).
 */
import type { _Record } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDbStreamEvent } from "../../../handlers/runtimes/aws";

export type StreamHandler = (event: DynamoDbStreamEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export interface MappingRun {
    /** Records handed to the handler, deliveries counted (a retried record counts again). */
    readonly deliveries: number;
    /** Sequence numbers sent to the on-failure destination. */
    readonly deadLettered: string[];
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
