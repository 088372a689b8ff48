/**
 * Retry's queue on AWS, locally: the work queue and its dead-letter queue a local SQS
 * (plan/dev/queues/sqs-queue.ts) with the recorded queue's visibility timeout and redrive
 * `maxReceiveCount` and the event source mapping's batch size, the idempotency records on
 * DynamoDB Local (the recorded table) behind the store fault proxy when `store` faults are set.
 */
import type { RecordedResource } from "../../../mock-cloud";
import { dynamoDbLocalWithTables } from "../../dynamodb-tables";
import { DELIVER_PATH } from "../../function-host";
import { startSqsQueue } from "../../queues/sqs-queue";
import { startStoreFaultProxy, StoreFaultProxy } from "../../store-fault-proxy";
import { type RetryFate, type RetryQueueWiring, workerBackoffBudgetMs } from "./local-queue";

/** The SQS queue the program declared with a redrive policy, and the event source mapping's batch size. */
function recordedQueue(resources: readonly RecordedResource[]): {
    visibilityTimeoutSeconds: number;
    maxReceiveCount: number;
    batchSize: number;
} {
    const queue = resources.find((r) => r.type === "aws:sqs/queue:Queue" && r.inputs.redrivePolicy);
    if (!queue) throw new Error("Retry: the stack declares no SQS queue with a redrive policy");
    const redrive = (
        typeof queue.inputs.redrivePolicy === "string" ? JSON.parse(queue.inputs.redrivePolicy) : queue.inputs.redrivePolicy
    ) as {
        maxReceiveCount: number;
    };
    const mapping = resources.find((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping");
    return {
        visibilityTimeoutSeconds: queue.inputs.visibilityTimeoutSeconds ?? 30,
        maxReceiveCount: redrive.maxReceiveCount,
        batchSize: mapping?.inputs.batchSize ?? 10,
    };
}

const queueName = (url: string) => url.slice(url.lastIndexOf("/") + 1);

export const awsRetryQueue: RetryQueueWiring = async (pattern, { enqueue, worker }, context) => {
    if (enqueue.queue.kind !== "sqs" || worker.queue.kind !== "sqs")
        throw new Error(`Retry '${pattern.name}': the AWS worker's queue must be SQS, got ${worker.queue.kind}`);
    const recorded = recordedQueue(pattern.resources);
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => void (await Promise.allSettled(stops.map((s) => s())));
    try {
        const queue = await startSqsQueue({
            queueName: queueName(worker.queue.queueUrl),
            deadLetterQueueName: queueName(worker.queue.deadLetterQueueUrl),
            ...recorded,
            faults: context.faults.queue,
            seed: context.faults.seed,
            log: context.log,
        });
        stops.push(() => queue.stop());
        const environment: Record<string, string> = { AWS_ENDPOINT_URL_SQS: queue.endpoint };
        if (worker.idempotency) {
            const peer = await dynamoDbLocalWithTables(context, pattern.resources);
            let proxy: StoreFaultProxy | undefined;
            if (context.faults.store) {
                proxy = await startStoreFaultProxy("dynamodb", peer.endpoint, context.faults.store, context.faults.seed, context.log);
                stops.push(() => proxy!.stop());
            }
            Object.assign(environment, peer.env, { AWS_ENDPOINT_URL_DYNAMODB: proxy?.url ?? peer.endpoint });
        } else Object.assign(environment, { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });
        context.log(
            `queue ${queueName(queue.queueUrl)}: visibility timeout ${recorded.visibilityTimeoutSeconds} s, maxReceiveCount ${recorded.maxReceiveCount}, batch size ${recorded.batchSize}; dead letters to ${queueName(queue.deadLetterQueueUrl)}`,
        );
        return {
            enqueue: { settings: { ...enqueue, queue: { kind: "sqs", queueUrl: queue.queueUrl } }, environment },
            worker: {
                settings: { ...worker, queue: { kind: "sqs", queueUrl: queue.queueUrl, deadLetterQueueUrl: queue.deadLetterQueueUrl } },
                environment,
            },
            appliesFaults: worker.idempotency ? ["store", "queue"] : ["queue"],
            deadLetterNoun: "dead-letter queue",
            // A visibility timeout per dropped delivery.
            settleBudgetMs:
                workerBackoffBudgetMs(worker) +
                (context.faults.queue?.drop ? recorded.visibilityTimeoutSeconds * 1000 * recorded.maxReceiveCount : 0),
            fate(messageId): RetryFate | undefined {
                const entry = queue.history.get(messageId);
                if (!entry) return undefined;
                const letter = queue.deadLetters.find(
                    (d) => d.attributes["original-message-id"] === messageId || d.messageId === messageId,
                );
                if (entry.state === "queued") return { deliveries: entry.deliveries, state: "queued" };
                if (entry.state === "dead-lettered" || letter)
                    return {
                        deliveries: entry.deliveries,
                        state: "dead-lettered",
                        deadLetter: {
                            by: letter?.by ?? "redrive policy",
                            reason: letter?.attributes["dead-letter-reason"] ?? "moved by the redrive policy",
                        },
                    };
                return { deliveries: entry.deliveries, state: "processed" };
            },
            started(workerHost) {
                queue.startDelivering(async (records) => {
                    const res = await fetch(`${workerHost}${DELIVER_PATH}`, { method: "POST", body: JSON.stringify(records) });
                    if (!res.ok) throw new Error(`the worker's invocation answered ${res.status}`);
                    const answer = (await res.json()) as { batchItemFailures?: { itemIdentifier: string }[] };
                    return (answer.batchItemFailures ?? []).map((f) => f.itemIdentifier);
                });
            },
            stop: stopAll,
        };
    } catch (err) {
        await stopAll();
        throw err;
    }
};
