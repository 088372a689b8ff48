/**
 * Retry, locally, on every cloud: the enqueue function and the worker from the bundles the cloud
 * gets, the target the worker POSTs to a local stand-in with the `downstream` faults (a 4xx is
 * permanent, a 5xx transient), and the cloud's queue with its own semantics (./aws.ts: a local
 * SQS; ./gcp.ts: a local Cloud Tasks and the Pub/Sub emulator's dead-letter topic; ./azure.ts: a
 * Service Bus stand-in). The smoke run, the same on each cloud, enqueues one payment and follows
 * it to the end: processed once, or dead-lettered after exactly the attempts the docs promise (a
 * permanent error sent once; a transient one, or a store that never answers, `maxAttempts` times).
 */
import { Cloud } from "../../../../components/cloud";
import { cloudWorkerBundle, enqueueBundle } from "../../../../components/retry/functions";
import type { EnqueueSettingsDocument, WorkerSettingsDocument } from "../../../../handlers/retry/settings-document";
import { startHttpStandIn } from "../../stand-ins/http-stand-in";
import { DevWiring, stackFunction } from "../../wiring";
import { rebase } from "../sample-path";
import { awsRetryQueue } from "./aws";
import { azureRetryQueue } from "./azure";
import { gcpRetryQueue } from "./gcp";
import type { LocalRetryQueue, RetryFate, RetryQueueWiring } from "./local-queue";

const QUEUES: Record<Cloud, RetryQueueWiring> = { [Cloud.Aws]: awsRetryQueue, [Cloud.Gcp]: gcpRetryQueue, [Cloud.Azure]: azureRetryQueue };

const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const retryWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const enqueueSettings = stackFunction(pattern, "enqueue").settings as unknown as EnqueueSettingsDocument;
        const workerSettings = stackFunction(pattern, "worker").settings as unknown as WorkerSettingsDocument;
        if (!workerSettings.targetUrl)
            throw new Error(
                `Retry '${pattern.name}': its own worker module replaces the HTTP target, and the local stand-in answers only as a target`,
            );
        const downstream = await startHttpStandIn(
            "downstream",
            () => ({ status: 200, contentType: "application/json", body: JSON.stringify({ charged: true }) }),
            context.faults.downstream,
            context.faults.seed,
            context.log,
        );
        let queue: LocalRetryQueue;
        try {
            const worker = { ...workerSettings, targetUrl: rebase(workerSettings.targetUrl, downstream.url) };
            queue = await QUEUES[context.cloud](pattern, { enqueue: enqueueSettings, worker }, context);
        } catch (err) {
            await downstream.stop();
            throw err;
        }

        /** Waits until the queue settles the message (processed or dead-lettered), at most `ms`. */
        const settled = async (messageId: string, ms: number): Promise<RetryFate | undefined> => {
            for (const until = Date.now() + ms; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
                const fate = queue.fate(messageId);
                if (fate && fate.state !== "queued") return fate;
            }
            return queue.fate(messageId);
        };
        const budgetMs = 60_000 + queue.settleBudgetMs;

        return {
            functions: [
                { role: "enqueue", bundle: enqueueBundle(context.cloud), ...queue.enqueue },
                { role: "worker", bundle: cloudWorkerBundle(context.cloud), ...queue.worker },
            ],
            appliesFaults: queue.appliesFaults,
            routes: [{ key: "POST /enqueue", role: "enqueue" }],
            started: (functions) => queue.started(functions.get("worker")!),
            async smoke(call) {
                const field = workerSettings.idempotency?.keyField ?? "id";
                const answer = await call("POST", "/enqueue", { [field]: `smoke-${Date.now()}`, amount: 12.5 });
                if (answer.status !== 202)
                    return { ok: false, summary: `POST /enqueue -> ${answer.status} (expected 202: ${answer.text.slice(0, 160)})` };
                const { messageId } = JSON.parse(answer.text) as { messageId: string };
                const fate = await settled(messageId, budgetMs);
                const succeeded = downstream.calls.filter((c) => c.status < 300).length;
                const faults = context.faults.downstream;
                const always = faults?.status !== undefined && faults.rate >= 1;
                const storeDown =
                    queue.appliesFaults.includes("store") &&
                    (context.faults.store?.throttle ?? 0) + (context.faults.store?.timeout ?? 0) >= 1;
                const deliveries = fate ? times(fate.deliveries, "delivery", "deliveries") : "no deliveries";
                const head = `POST /enqueue -> 202; message ${messageId}`;
                if (!fate || fate.state === "queued")
                    return { ok: false, summary: `${head} still on the queue after ${Math.round(budgetMs / 1000)} s (${deliveries})` };
                const calls = `downstream called ${times(downstream.calls.length, "time", "times")}`;
                if (fate.state === "dead-lettered") {
                    const letter = fate.deadLetter!;
                    const line = `${head} dead-lettered by the ${letter.by} after ${deliveries} (${letter.reason}); ${calls}`;
                    // A permanent error (4xx) is sent once; a transient one (5xx, a store that never answers) gets exactly maxAttempts.
                    const expected = always && faults!.status! < 500 ? 1 : always || storeDown ? workerSettings.maxAttempts : undefined;
                    const ok =
                        expected === undefined ? true : fate.deliveries === expected && (storeDown || downstream.calls.length === expected);
                    return {
                        ok,
                        summary: ok || expected === undefined ? line : `${line} (expected ${times(expected, "delivery", "deliveries")})`,
                    };
                }
                const line = `${head} processed after ${deliveries}; ${calls}, ${succeeded} succeeded; ${queue.deadLetterNoun} empty`;
                // Once processed, the idempotency record keeps a duplicate delivery from charging again.
                return { ok: !always && !storeDown && succeeded === 1, summary: line };
            },
            stop: async () => void (await Promise.allSettled([queue.stop(), downstream.stop()])),
        };
    },
};
