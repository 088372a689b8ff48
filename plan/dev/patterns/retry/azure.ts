/**
 * Retry's queue on Azure, locally: no Service Bus emulator runs here, so the namespace is a local
 * stand-in (plan/dev/queues/service-bus-namespace.ts) with the recorded queues' maxDeliveryCount,
 * lock duration, duplicate detection and dead-letter forwarding, taking the functions' REST sends
 * with the tokens the local managed identity issued, and delivering the work queue to the worker
 * as the Functions Service Bus trigger does (one message per invocation, its delivery count in
 * the binding data). The idempotency records are on the local Cosmos DB peer (the recorded
 * container), behind the `store` faults' proxy when the spec has them.
 */
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "../../../../handlers/queues/producer";
import { SERVICE_BUS_ENDPOINT_ENV } from "../../../../handlers/queues/service-bus-rest";
import type { RecordedResource } from "../../../mock-cloud";
import { createRecordedContainers } from "../../cosmos-containers";
import { deliverToHost } from "../../deliveries/host-delivery";
import { TRIGGER_METADATA_HEADER } from "../../function-host";
import { ServiceBusQueueOptions, startServiceBusNamespace } from "../../queues/service-bus-namespace";
import { faultedStore } from "../../store-fault-proxy";
import { startManagedIdentity } from "../../stand-ins/managed-identity";
import { type RetryFate, type RetryQueueWiring, workerBackoffBudgetMs } from "./local-queue";

/** The audience Service Bus tokens are issued for (handlers/queues/service-bus-rest.ts's scope, as a resource). */
const SERVICE_BUS_RESOURCE = "https://servicebus.azure.net";

/** An ISO 8601 duration as azure-native takes a lock duration or window (`PT1M`, `PT30S`, `P1D`), ms. */
export function isoDurationMs(value: string): number {
    const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
    if (!match || value === "P" || value.endsWith("T")) throw new Error(`Service Bus: a duration must be ISO 8601 like PT1M, got ${value}`);
    const [, d, h, m, s] = match.map((part) => Number(part ?? 0));
    return (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
}

/** The Service Bus queues the program declared, as the stand-in takes them (the Service Bus defaults where unset). */
function recordedQueues(resources: readonly RecordedResource[], deadLetterQueue: string): ServiceBusQueueOptions[] {
    const queues = resources.filter((r) => r.type === "azure-native:servicebus:Queue");
    const names = new Set(queues.map((q) => String(q.inputs.queueName)));
    return queues.map((q) => {
        const forward = q.inputs.forwardDeadLetteredMessagesTo as string | undefined;
        return {
            name: String(q.inputs.queueName),
            maxDeliveryCount: Number(q.inputs.maxDeliveryCount ?? 10),
            lockDurationMs: isoDurationMs(String(q.inputs.lockDuration ?? "PT1M")),
            ...(forward !== undefined && { forwardDeadLetteredMessagesTo: names.has(forward) ? forward : deadLetterQueue }),
            ...(q.inputs.requiresDuplicateDetection && {
                duplicateDetectionWindowMs: isoDurationMs(String(q.inputs.duplicateDetectionHistoryTimeWindow ?? "PT10M")),
            }),
        };
    });
}

/** A message body as the trigger binds it: JSON parsed, anything else as text. */
function bound(body: string): unknown {
    try {
        return JSON.parse(body);
    } catch {
        return body;
    }
}

export const azureRetryQueue: RetryQueueWiring = async (pattern, { enqueue, worker }, context) => {
    if (enqueue.queue.kind !== "service-bus" || worker.queue.kind !== "service-bus")
        throw new Error(`Retry '${pattern.name}': the Azure worker's queue must be Service Bus, got ${worker.queue.kind}`);
    const { queueName, deadLetterQueueName, namespace } = worker.queue;
    const queues = recordedQueues(pattern.resources, deadLetterQueueName);
    const work = queues.find((q) => q.name === queueName);
    if (!work) throw new Error(`Retry '${pattern.name}': the stack declares no Service Bus queue '${queueName}'`);
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => void (await Promise.allSettled(stops.reverse().map((s) => s())));
    try {
        const identity = await startManagedIdentity(context.log);
        stops.push(() => identity.stop());
        const bus = await startServiceBusNamespace({
            queues,
            acceptsToken: (token) => identity.issued(token, SERVICE_BUS_RESOURCE),
            faults: context.faults.queue,
            seed: context.faults.seed,
            log: context.log,
        });
        stops.push(() => bus.stop());
        const environment: Record<string, string> = { ...identity.env, [SERVICE_BUS_ENDPOINT_ENV]: bus.endpoint };
        let settings = worker;
        if (worker.idempotency?.store.kind === "cosmos") {
            const peer = await context.peers.get("cosmos");
            const client = peer.client();
            try {
                context.log(
                    `containers on the local Cosmos DB peer: ${(await createRecordedContainers(client, pattern.resources)).join(", ")}`,
                );
            } finally {
                client.dispose();
            }
            const local = await faultedStore("cosmos", peer.endpoint, context);
            if (local.proxy) stops.push(() => local.proxy!.stop());
            settings = {
                ...worker,
                idempotency: { ...worker.idempotency, store: { ...worker.idempotency.store, endpoint: local.endpoint } },
            };
            // The bundle's client signs in with the identity (no key), as deployed; the peer's certificate is self-signed.
            environment.NODE_TLS_REJECT_UNAUTHORIZED = "0";
        }
        context.log(
            `Service Bus has no local emulator: namespace ${namespace} is a local stand-in at ${bus.endpoint} (Send Message over REST, peek-lock, maxDeliveryCount, dead-letter forwarding, as Microsoft documents them)`,
        );
        context.log(
            `queue ${queueName}: maxDeliveryCount ${work.maxDeliveryCount}, lock duration ${work.lockDurationMs / 1000} s; dead letters to ${deadLetterQueueName}`,
        );
        const keyOf = (properties: Readonly<Record<string, string | number>>, messageId: string) =>
            String(properties[IDEMPOTENCY_KEY_ATTRIBUTE] ?? messageId);

        return {
            enqueue: { settings: enqueue, environment },
            worker: { settings, environment },
            appliesFaults: worker.idempotency ? ["store", "queue"] : ["queue"],
            deadLetterNoun: "dead-letter queue",
            settleBudgetMs: workerBackoffBudgetMs(worker) + (context.faults.queue?.drop ? work.lockDurationMs * work.maxDeliveryCount : 0),
            fate(messageId): RetryFate | undefined {
                // The worker's delayed retries are copies carrying the first message's id as their idempotency key.
                const copies = bus.received(queueName).filter((m) => keyOf(m.applicationProperties, m.messageId) === messageId);
                if (copies.length === 0) return undefined;
                const deliveries = bus.deliveries.filter(
                    (d) => d.outcome !== "dropped" && keyOf(d.applicationProperties, d.messageId) === messageId,
                ).length;
                // The worker sends its dead letter before its invocation ends: settled only once no copy is locked or waiting.
                if (bus.pending(queueName).some((m) => keyOf(m.applicationProperties, m.messageId) === messageId))
                    return { deliveries, state: "queued" };
                const letter = bus.received(deadLetterQueueName).find((m) => keyOf(m.applicationProperties, m.messageId) === messageId);
                if (letter) {
                    const reason = letter.applicationProperties["dead-letter-reason"];
                    return {
                        deliveries,
                        state: "dead-lettered",
                        deadLetter:
                            reason === undefined
                                ? { by: "queue's maxDeliveryCount", reason: letter.deadLetterReason ?? "dead-lettered by Service Bus" }
                                : { by: "worker", reason: String(reason) },
                    };
                }
                return { deliveries, state: "processed" };
            },
            started(workerHost) {
                bus.startTrigger(queueName, async (body, metadata) => {
                    await deliverToHost(workerHost, bound(body), {
                        [TRIGGER_METADATA_HEADER]: encodeURIComponent(JSON.stringify(metadata)),
                    });
                });
            },
            stop: stopAll,
        };
    } catch (err) {
        await stopAll();
        throw err;
    }
};
