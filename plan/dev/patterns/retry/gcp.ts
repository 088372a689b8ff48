/**
 * Retry's queue on GCP, locally: a local Cloud Tasks (plan/dev/queues/cloud-tasks-queue.ts) with
 * the recorded queue's retryConfig, taking the enqueue function's REST call with a token from the
 * local metadata server and dispatching each task to the worker as Cloud Tasks would; the
 * dead-letter topic and its retaining subscription on the Pub/Sub emulator; the idempotency
 * records on the Firestore emulator (the recorded database), behind the store fault proxy when
 * `store` faults are set.
 */
import { CLOUD_TASKS_ENDPOINT_ENV } from "../../../../handlers/queues/cloud-tasks-api";
import type { RecordedResource } from "../../../mock-cloud";
import { pollLoop } from "../../deliveries/poll-loop";
import type { PulledMessage } from "../../peers/pubsub";
import { CloudTasksRetryConfig, cloudTasksBackoffSeconds, durationSeconds } from "../../queues/cloud-tasks-retry-config";
import { startCloudTasksQueue } from "../../queues/cloud-tasks-queue";
import { startGcpMetadata } from "../../stand-ins/gcp-metadata";
import { startStoreFaultProxy } from "../../store-fault-proxy";
import { rebase } from "../sample-path";
import type { RetryFate, RetryQueueWiring } from "./local-queue";

/** The recorded Cloud Tasks queue's retryConfig (the provider's defaults where unset). */
function recordedRetryConfig(resources: readonly RecordedResource[]): CloudTasksRetryConfig {
    const queue = resources.find((r) => r.type === "gcp:cloudtasks/queue:Queue");
    if (!queue) throw new Error("Retry: the stack declares no Cloud Tasks queue");
    const config = (queue.inputs.retryConfig ?? {}) as Record<string, string | number | undefined>;
    return {
        maxAttempts: Number(config.maxAttempts ?? 100),
        minBackoffSeconds: durationSeconds(config.minBackoff as string | undefined, 0.1),
        maxBackoffSeconds: durationSeconds(config.maxBackoff as string | undefined, 3600),
        maxDoublings: Number(config.maxDoublings ?? 16),
        maxRetryDurationSeconds: durationSeconds(config.maxRetryDuration as string | undefined, 0),
    };
}

const shortName = (name: string) => name.slice(name.lastIndexOf("/") + 1);

export const gcpRetryQueue: RetryQueueWiring = async (pattern, { enqueue, worker }, context) => {
    if (enqueue.queue.kind !== "cloud-tasks" || worker.queue.kind !== "cloud-tasks")
        throw new Error(`Retry '${pattern.name}': the GCP worker's queue must be Cloud Tasks, got ${worker.queue.kind}`);
    const retryConfig = recordedRetryConfig(pattern.resources);
    const target = enqueue.queue;
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => void (await Promise.allSettled(stops.reverse().map((s) => s())));
    try {
        const pubsub = await context.peers.get("pubsub");
        const topicId = shortName(worker.queue.deadLetterTopic);
        const recordedSubscription = pattern.resources.find((r) => r.type === "gcp:pubsub/subscription:Subscription");
        const topic = await pubsub.createTopic(topicId);
        const subscription = await pubsub.createSubscription(String(recordedSubscription?.inputs.name ?? `${topicId}-held`), topic);
        const metadata = await startGcpMetadata(pubsub.projectId, context.log);
        stops.push(() => metadata.stop());
        const tasks = await startCloudTasksQueue({
            queuePath: target.queuePath,
            retryConfig,
            acceptsToken: metadata.issued,
            faults: context.faults.queue,
            seed: context.faults.seed,
            log: context.log,
        });
        stops.push(() => tasks.stop());

        const workerEnvironment: Record<string, string> = { ...metadata.env, ...pubsub.env };
        if (worker.idempotency) {
            const firestore = await context.peers.get("firestore");
            const proxy =
                context.faults.store &&
                (await startStoreFaultProxy("google-rest", firestore.endpoint, context.faults.store, context.faults.seed, context.log));
            if (proxy) stops.push(() => proxy.stop());
            Object.assign(workerEnvironment, firestore.env, proxy && { FIRESTORE_EMULATOR_HOST: proxy.url.slice("http://".length) });
        }

        const letters: PulledMessage[] = [];
        /** When the last pull that found everything published so far began. */
        let pulledThrough = 0;
        const pulls = pollLoop(
            async () => {
                const began = Date.now();
                for (const letter of await pubsub.receive(subscription, 200)) {
                    letters.push(letter);
                    context.log(
                        `dead-letter topic ${topicId}: received ${letter.messageId} from the worker (${letter.attributes["dead-letter-reason"] ?? "no reason given"})`,
                    );
                }
                pulledThrough = began;
            },
            (message) => context.log(`dead-letter topic ${topicId}: pull failed (${message})`),
        );
        stops.push(() => pulls.stop());
        context.log(
            `cloud tasks ${shortName(target.queuePath)}: maxAttempts ${retryConfig.maxAttempts}, minBackoff ${retryConfig.minBackoffSeconds} s, maxBackoff ${retryConfig.maxBackoffSeconds} s, maxDoublings ${retryConfig.maxDoublings}; the worker dead-letters to topic ${topicId} (Pub/Sub emulator)`,
        );
        // The queue's backoff between the worker's attempts; dropped dispatches spend attempts too.
        const attempts = worker.maxAttempts * (context.faults.queue?.drop ? 2 : 1);
        const settleBudgetMs =
            1000 * Array.from({ length: attempts }, (_, n) => cloudTasksBackoffSeconds(retryConfig, n + 1)).reduce((a, b) => a + b, 0);

        return {
            enqueue: { settings: enqueue, environment: { ...metadata.env, [CLOUD_TASKS_ENDPOINT_ENV]: tasks.endpoint } },
            worker: { settings: { ...worker, queue: { ...worker.queue, deadLetterTopic: topic } }, environment: workerEnvironment },
            appliesFaults: worker.idempotency ? ["store", "queue"] : ["queue"],
            deadLetterNoun: "dead-letter topic",
            settleBudgetMs,
            fate(taskId): RetryFate | undefined {
                const entry = tasks.history.get(taskId);
                if (!entry) return undefined;
                // The worker publishes its dead letter before it answers: settled only once the task is done.
                if (entry.state === "queued") return { deliveries: entry.deliveries, state: "queued" };
                const letter = letters.find((l) => l.attributes["original-message-id"] === taskId);
                if (letter)
                    return {
                        deliveries: entry.deliveries,
                        state: "dead-lettered",
                        deadLetter: { by: "worker", reason: letter.attributes["dead-letter-reason"] ?? "no reason given" },
                    };
                if (entry.state === "deleted")
                    return {
                        deliveries: entry.deliveries,
                        state: "dead-lettered",
                        deadLetter: { by: "queue", reason: "deleted after maxAttempts; Cloud Tasks keeps no dead letter" },
                    };
                // Processed only once a pull that began after the answer found no dead letter.
                const done = entry.settledAt !== undefined && entry.settledAt < pulledThrough;
                return { deliveries: entry.deliveries, state: done ? "processed" : "queued" };
            },
            started: (workerHost) => tasks.startDispatching((url) => rebase(url, workerHost)),
            stop: stopAll,
        };
    } catch (err) {
        await stopAll();
        throw err;
    }
};
