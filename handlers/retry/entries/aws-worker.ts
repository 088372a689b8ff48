/** Lambda worker: SQS event source mapping (ReportBatchItemFailures), DynamoDB idempotency records. */
import { process } from "cloud-patterns:retry-worker";
import { MessageBatchHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { dynamoDocumentClient } from "../../stores/clients/dynamodb";
import { DynamoDbIdempotencyStore } from "../../stores/idempotency/dynamodb";
import { buildWorker } from "../build-worker";
import { readWorkerSettings } from "../settings";
import { SqsDeadLetterSink, SqsVisibilityScheduler } from "../../queues/sqs-retry";
import { sqsApi } from "../../queues/sqs-api";

const worker = atColdStart(() => {
    const settings = readWorkerSettings();
    const { queue, idempotency } = settings;
    if (queue.kind !== "sqs") throw new ConfigError(`'queue.kind' must be sqs on AWS, got ${JSON.stringify(queue.kind)}`);
    if (idempotency && idempotency.store.kind !== "dynamodb")
        throw new ConfigError(`'idempotency.store.kind' must be dynamodb on AWS, got ${JSON.stringify(idempotency.store.kind)}`);
    const sqs = sqsApi();
    return buildWorker(settings, process, {
        deadLetters: new SqsDeadLetterSink(sqs, queue.deadLetterQueueUrl),
        scheduler: new SqsVisibilityScheduler(sqs, queue.queueUrl),
        ...(idempotency?.store.kind === "dynamodb" && {
            idempotencyStore: new DynamoDbIdempotencyStore(dynamoDocumentClient(), idempotency.store.table),
        }),
    });
});

export const retryWorker: MessageBatchHandler = async (messages) => worker().handleBatch(messages);
