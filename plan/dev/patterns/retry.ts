/**
 * Retry, locally, on AWS: the enqueue function and the worker from the bundles Lambda gets, the
 * work queue and its dead-letter queue a local SQS (plan/dev/queues/sqs-queue.ts) with the
 * recorded queue's visibility timeout and redrive `maxReceiveCount` and the event source
 * mapping's batch size, the idempotency records on DynamoDB Local (the recorded table), and the
 * target the worker POSTs to a local stand-in with the `downstream` faults (a 4xx is permanent,
 * a 5xx transient). The smoke run enqueues one payment and follows it to the end: processed once,
 * or dead-lettered after exactly the attempts the docs promise.
 */
import { Cloud } from "../../../components/cloud";
import { cloudWorkerBundle, enqueueBundle } from "../../../components/retry/functions";
import type { EnqueueSettingsDocument, WorkerSettingsDocument } from "../../../handlers/retry/settings-document";
import type { RecordedResource } from "../../mock-cloud";
import { dynamoDbLocalWithTables } from "../dynamodb-tables";
import { DELIVER_PATH } from "../function-host";
import { startSqsQueue, SqsMessageHistory } from "../queues/sqs-queue";
import { startHttpStandIn } from "../stand-ins/http-stand-in";
import { startStoreFaultProxy, StoreFaultProxy } from "../store-fault-proxy";
import { DevWiring, stackFunction } from "../wiring";
import { rebase } from "./sample-path";

const UNAVAILABLE: Partial<Record<Cloud, string>> = {
    [Cloud.Azure]:
        "its functions reach Service Bus over AMQP with the managed identity, and no local Service Bus peer (nor an AMQP stand-in) is wired",
    [Cloud.Gcp]:
        "its enqueue function calls the Cloud Tasks API with the metadata server's token, and no local Cloud Tasks stand-in is wired yet",
};

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
const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const retryWiring: DevWiring = {
    unavailable: (cloud) => UNAVAILABLE[cloud],
    async prepare(pattern, context) {
        const enqueueSettings = stackFunction(pattern, "enqueue").settings as unknown as EnqueueSettingsDocument;
        const workerSettings = stackFunction(pattern, "worker").settings as unknown as WorkerSettingsDocument;
        if (enqueueSettings.queue.kind !== "sqs" || workerSettings.queue.kind !== "sqs")
            throw new Error(`Retry '${pattern.name}': only the SQS queue is wired locally, got ${workerSettings.queue.kind}`);
        if (!workerSettings.targetUrl)
            throw new Error(
                `Retry '${pattern.name}': its own worker module replaces the HTTP target, and the local stand-in answers only as a target`,
            );
        const recorded = recordedQueue(pattern.resources);
        const stops: (() => Promise<void>)[] = [];
        const stopAll = async () => void (await Promise.allSettled(stops.map((s) => s())));
        try {
            const downstream = await startHttpStandIn(
                "downstream",
                () => ({ status: 200, contentType: "application/json", body: JSON.stringify({ charged: true }) }),
                context.faults.downstream,
                context.faults.seed,
                context.log,
            );
            stops.push(() => downstream.stop());
            const queue = await startSqsQueue({
                queueName: queueName(workerSettings.queue.queueUrl),
                deadLetterQueueName: queueName(workerSettings.queue.deadLetterQueueUrl),
                ...recorded,
                faults: context.faults.queue,
                seed: context.faults.seed,
                log: context.log,
            });
            stops.push(() => queue.stop());
            const environment: Record<string, string> = { AWS_ENDPOINT_URL_SQS: queue.endpoint };
            let proxy: StoreFaultProxy | undefined;
            let worker = workerSettings;
            if (workerSettings.idempotency) {
                const peer = await dynamoDbLocalWithTables(context, pattern.resources);
                if (context.faults.store) {
                    proxy = await startStoreFaultProxy("dynamodb", peer.endpoint, context.faults.store, context.faults.seed, context.log);
                    stops.push(() => proxy!.stop());
                }
                Object.assign(environment, peer.env, { AWS_ENDPOINT_URL_DYNAMODB: proxy?.url ?? peer.endpoint });
            } else Object.assign(environment, { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });
            worker = {
                ...worker,
                targetUrl: rebase(workerSettings.targetUrl, downstream.url),
                queue: { kind: "sqs", queueUrl: queue.queueUrl, deadLetterQueueUrl: queue.deadLetterQueueUrl },
            };
            const enqueue: EnqueueSettingsDocument = { ...enqueueSettings, queue: { kind: "sqs", queueUrl: queue.queueUrl } };
            context.log(
                `queue ${queueName(queue.queueUrl)}: visibility timeout ${recorded.visibilityTimeoutSeconds} s, maxReceiveCount ${recorded.maxReceiveCount}, batch size ${recorded.batchSize}; dead letters to ${queueName(queue.deadLetterQueueUrl)}`,
            );

            /** Waits until the queue settles the message (deleted or dead-lettered), at most `ms`. */
            const settled = async (messageId: string, ms: number): Promise<SqsMessageHistory | undefined> => {
                const until = Date.now() + ms;
                while (Date.now() < until) {
                    const entry = queue.history.get(messageId);
                    if (entry && entry.state !== "queued") return entry;
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                return queue.history.get(messageId);
            };
            // The worker's backoff (full jitter, capped) over its attempts, plus a visibility timeout per dropped delivery.
            const budgetMs =
                60_000 +
                Array.from({ length: workerSettings.maxAttempts }, (_, n) =>
                    Math.min(workerSettings.maxBackoffMs, workerSettings.minBackoffMs * 2 ** n),
                ).reduce((a, b) => a + b, 0) +
                (context.faults.queue?.drop ? recorded.visibilityTimeoutSeconds * 1000 * recorded.maxReceiveCount : 0);

            return {
                functions: [
                    { role: "enqueue", bundle: enqueueBundle(Cloud.Aws), settings: enqueue, environment },
                    { role: "worker", bundle: cloudWorkerBundle(Cloud.Aws), settings: worker, environment },
                ],
                appliesFaults: workerSettings.idempotency ? ["store", "queue"] : ["queue"],
                routes: [{ key: "POST /enqueue", role: "enqueue" }],
                started(functions) {
                    const workerUrl = `${functions.get("worker")}${DELIVER_PATH}`;
                    queue.startDelivering(async (records) => {
                        const res = await fetch(workerUrl, { method: "POST", body: JSON.stringify(records) });
                        if (!res.ok) throw new Error(`the worker's invocation answered ${res.status}`);
                        const answer = (await res.json()) as { batchItemFailures?: { itemIdentifier: string }[] };
                        return (answer.batchItemFailures ?? []).map((f) => f.itemIdentifier);
                    });
                },
                async smoke(call) {
                    const field = workerSettings.idempotency?.keyField ?? "id";
                    const answer = await call("POST", "/enqueue", { [field]: `smoke-${Date.now()}`, amount: 12.5 });
                    if (answer.status !== 202)
                        return { ok: false, summary: `POST /enqueue -> ${answer.status} (expected 202: ${answer.text.slice(0, 160)})` };
                    const { messageId } = JSON.parse(answer.text) as { messageId: string };
                    const entry = await settled(messageId, budgetMs);
                    const letter = queue.deadLetters.find(
                        (d) => d.attributes["original-message-id"] === messageId || d.messageId === messageId,
                    );
                    const succeeded = downstream.calls.filter((c) => c.status < 300).length;
                    const faults = context.faults.downstream;
                    const always = faults?.status !== undefined && faults.rate >= 1;
                    const storeDown = (context.faults.store?.throttle ?? 0) + (context.faults.store?.timeout ?? 0) >= 1;
                    const deliveries = entry ? times(entry.deliveries, "delivery", "deliveries") : "no deliveries";
                    const head = `POST /enqueue -> 202; message ${messageId}`;
                    if (!entry || entry.state === "queued")
                        return { ok: false, summary: `${head} still on the queue after ${Math.round(budgetMs / 1000)} s (${deliveries})` };
                    const calls = `downstream called ${times(downstream.calls.length, "time", "times")}`;
                    if (entry.state === "dead-lettered" || letter) {
                        const reason = letter?.attributes["dead-letter-reason"] ?? "moved by the redrive policy";
                        const line = `${head} dead-lettered by the ${letter?.by ?? "redrive policy"} after ${deliveries} (${reason}); ${calls}`;
                        // A permanent error (4xx) is sent once; a transient one (5xx, a store that never answers) gets exactly maxAttempts.
                        const expected = always && faults!.status! < 500 ? 1 : always || storeDown ? workerSettings.maxAttempts : undefined;
                        const ok =
                            expected === undefined
                                ? !!letter
                                : entry.deliveries === expected && (storeDown || downstream.calls.length === expected);
                        return {
                            ok,
                            summary:
                                ok || expected === undefined ? line : `${line} (expected ${times(expected, "delivery", "deliveries")})`,
                        };
                    }
                    const line = `${head} processed after ${deliveries}; ${calls}, ${succeeded} succeeded; dead-letter queue empty`;
                    // Once processed, the idempotency record keeps a duplicate delivery from charging again.
                    return { ok: !always && !storeDown && succeeded === 1, summary: line };
                },
                stop: stopAll,
            };
        } catch (err) {
            await stopAll();
            throw err;
        }
    },
};
