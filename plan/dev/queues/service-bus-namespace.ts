/**
 * A stand-in for a Service Bus namespace, for `cloud-patterns dev`: there is no Service Bus
 * emulator among this machine's peers (Microsoft's emulator is a Linux container image with SQL
 * Edge), so its rules are written out from Microsoft's documentation, for exactly what the
 * bundles call and what the Functions trigger does:
 * - Send Message (https://learn.microsoft.com/rest/api/servicebus/send-message-to-queue):
 *   `POST /{queue}/messages`, a Microsoft Entra bearer token (401 without one the local managed
 *   identity issued for https://servicebus.azure.net), the body the payload, `BrokerProperties`
 *   JSON (`MessageId`, `ScheduledEnqueueTimeUtc` an RFC 1123 date), every other header an
 *   application property (a quoted value a string, a bare one a number: the REST introduction's
 *   mapping, https://learn.microsoft.com/rest/api/servicebus/introduction); 201, or 410 for a queue
 *   that does not exist. With duplicate detection a MessageId seen within the window is accepted
 *   and dropped (https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection).
 * - Peek-lock delivery to the trigger: a delivery locks the message for the queue's lock
 *   duration (the Functions host renews it while the function runs) and counts towards
 *   `maxDeliveryCount`; a failed invocation abandons it (available again at once), a lock that
 *   expires makes it available again; once a delivery numbered `maxDeliveryCount` fails, the
 *   message is dead-lettered with DeadLetterReason `MaxDeliveryCountExceeded`
 *   (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues), into
 *   the queue's `$DeadLetterQueue` subqueue or, with `forwardDeadLetteredMessagesTo`, that queue.
 * - `queue` faults: a dropped delivery locks the message but never reaches the function (the lock
 *   expires after the lock duration); a duplicated one loses its lock during the invocation, so
 *   its completion is refused and the message is delivered again.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { readBody } from "../../../handlers/runtimes/node-http";
import { faultDraws, QueueFaults } from "../faults";
import { listenLocal } from "../listen-local";

export interface ServiceBusQueueOptions {
    readonly name: string;
    readonly maxDeliveryCount: number;
    readonly lockDurationMs: number;
    readonly forwardDeadLetteredMessagesTo?: string;
    /** Duplicate detection's window; absent when off. */
    readonly duplicateDetectionWindowMs?: number;
}

export interface ServiceBusNamespaceOptions {
    readonly queues: readonly ServiceBusQueueOptions[];
    /** Whether a bearer token is one the local managed identity issued for Service Bus. */
    readonly acceptsToken: (token: string) => boolean;
    readonly faults?: QueueFaults;
    readonly seed: number;
    readonly log: (line: string) => void;
}

/** A message as the queue holds it. */
export interface ServiceBusStoredMessage {
    readonly messageId: string;
    readonly sequenceNumber: number;
    readonly body: string;
    readonly contentType?: string;
    readonly applicationProperties: Readonly<Record<string, string | number>>;
    readonly enqueuedAt: number;
    /** When it becomes available (its ScheduledEnqueueTimeUtc, or a lock's expiry). */
    availableAt: number;
    deliveryCount: number;
    locked: boolean;
    deadLetterReason?: string;
}

/** The Functions Service Bus trigger's binding data for one message (what the worker reads as `triggerMetadata`). */
export interface ServiceBusTriggerMetadata {
    readonly messageId: string;
    readonly deliveryCount: number;
    readonly sequenceNumber: number;
    readonly enqueuedTimeUtc: string;
    readonly contentType?: string;
    readonly lockToken: string;
    readonly applicationProperties: Readonly<Record<string, string | number>>;
}

/** Invokes the function with one message; rejects when the invocation failed. */
export type DeliverMessage = (body: string, metadata: ServiceBusTriggerMetadata) => Promise<void>;

/** One invocation of the trigger, as the namespace saw it. */
export interface ServiceBusDelivery {
    readonly messageId: string;
    readonly deliveryCount: number;
    readonly applicationProperties: Readonly<Record<string, string | number>>;
    readonly outcome: "completed" | "abandoned" | "dropped" | "lock lost";
}

export interface LocalServiceBusNamespace {
    /** `http://127.0.0.1:<port>`: the namespace's REST endpoint. */
    readonly endpoint: string;
    /** Every message a queue received (scheduled and dropped duplicates excluded), by queue name. */
    received(queue: string): readonly ServiceBusStoredMessage[];
    /** What each queue's `$DeadLetterQueue` subqueue holds (empty when it forwards). */
    deadLettered(queue: string): readonly ServiceBusStoredMessage[];
    /** Every delivery the trigger made. */
    readonly deliveries: readonly ServiceBusDelivery[];
    /** Messages still on `queue` (available, scheduled or locked). */
    pending(queue: string): readonly ServiceBusStoredMessage[];
    /** Starts the trigger on `queue`, one message at a time per delivery. */
    startTrigger(queue: string, deliver: DeliverMessage): void;
    stop(): Promise<void>;
}

const POLL_MS = 50;
/** Headers of the request itself (HTTP's, the fetch client's, the API's own), never application properties. */
const REQUEST_HEADERS = new Set([
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "brokerproperties",
    "connection",
    "content-length",
    "content-type",
    "expect",
    "host",
    "keep-alive",
    "te",
    "transfer-encoding",
    "user-agent",
]);
const isRequestHeader = (name: string) => REQUEST_HEADERS.has(name) || name.startsWith("sec-") || name.startsWith("x-ms-");

class ServiceBusError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

/** An application property's header value: a quoted JSON string, else a number, else the text as is. */
function propertyValue(header: string): string | number {
    if (header.startsWith('"')) return JSON.parse(header) as string;
    const n = Number(header);
    return header.trim() !== "" && Number.isFinite(n) ? n : header;
}

interface Queue {
    readonly options: ServiceBusQueueOptions;
    readonly messages: ServiceBusStoredMessage[];
    readonly received: ServiceBusStoredMessage[];
    readonly deadLetters: ServiceBusStoredMessage[];
    readonly seenIds: Map<string, number>;
}

export async function startServiceBusNamespace(options: ServiceBusNamespaceOptions): Promise<LocalServiceBusNamespace> {
    const queues = new Map<string, Queue>(
        options.queues.map((q) => [q.name, { options: q, messages: [], received: [], deadLetters: [], seenIds: new Map() }]),
    );
    const deliveries: ServiceBusDelivery[] = [];
    const draw = faultDraws(options.seed, "queue");
    let sequence = 0;
    const queueOf = (name: string) => {
        const queue = queues.get(name);
        if (!queue) throw new ServiceBusError(410, `the queue ${name} does not exist in the namespace`);
        return queue;
    };

    const enqueue = (queue: Queue, message: ServiceBusStoredMessage) => {
        queue.received.push(message);
        queue.messages.push(message);
    };

    const deadLetter = (queue: Queue, message: ServiceBusStoredMessage, reason: string) => {
        queue.messages.splice(queue.messages.indexOf(message), 1);
        const target = queue.options.forwardDeadLetteredMessagesTo;
        const lettered = { ...message, deadLetterReason: reason, locked: false, availableAt: Date.now() };
        if (target) {
            // Forwarding moves it as a new message of the target queue, its delivery count restarted.
            enqueue(queueOf(target), { ...lettered, sequenceNumber: ++sequence, deliveryCount: 0 });
            options.log(
                `service bus ${queue.options.name}: ${message.messageId} dead-lettered (${reason} after ${message.deliveryCount} deliveries, maxDeliveryCount ${queue.options.maxDeliveryCount}); forwarded to ${target}`,
            );
        } else {
            queue.deadLetters.push(lettered);
            options.log(`service bus ${queue.options.name}: ${message.messageId} dead-lettered to $DeadLetterQueue (${reason})`);
        }
    };

    const send = (queueName: string, headers: Record<string, string | string[] | undefined>, body: string) => {
        const token = /^Bearer (.+)$/.exec(String(headers.authorization ?? ""))?.[1];
        if (!token || !options.acceptsToken(token)) throw new ServiceBusError(401, "a Microsoft Entra token for Service Bus is required");
        const queue = queueOf(queueName);
        const broker = JSON.parse(String(headers.brokerproperties ?? "{}")) as { MessageId?: string; ScheduledEnqueueTimeUtc?: string };
        const messageId = broker.MessageId ?? randomUUID().replace(/-/g, "");
        const now = Date.now();
        const window = queue.options.duplicateDetectionWindowMs;
        const seen = queue.seenIds.get(messageId);
        if (window !== undefined && seen !== undefined && now - seen < window) {
            options.log(`service bus ${queueName}: ${messageId} dropped by duplicate detection (sent again within the window)`);
            return;
        }
        queue.seenIds.set(messageId, now);
        const scheduled = broker.ScheduledEnqueueTimeUtc ? Date.parse(broker.ScheduledEnqueueTimeUtc) : NaN;
        const applicationProperties = Object.fromEntries(
            Object.entries(headers)
                .filter(([name, value]) => !isRequestHeader(name) && typeof value === "string")
                .map(([name, value]) => [name, propertyValue(value as string)]),
        );
        const message: ServiceBusStoredMessage = {
            messageId,
            sequenceNumber: ++sequence,
            body,
            contentType: typeof headers["content-type"] === "string" ? headers["content-type"] : undefined,
            applicationProperties,
            enqueuedAt: now,
            availableAt: Number.isFinite(scheduled) ? scheduled : now,
            deliveryCount: 0,
            locked: false,
        };
        enqueue(queue, message);
        const when = Number.isFinite(scheduled) ? `, scheduled for ${new Date(scheduled).toISOString()}` : "";
        const reason = applicationProperties["dead-letter-reason"];
        options.log(`service bus ${queueName}: received ${messageId}${when}${reason ? ` (${reason})` : ""}`);
    };

    const server = createServer((req, res) => {
        readBody(req)
            .then((raw) => {
                const match = /^\/([^/]+)\/messages$/.exec(new URL(req.url ?? "/", "http://x").pathname);
                if (req.method !== "POST" || !match) throw new ServiceBusError(400, "the stand-in serves only POST /{queue}/messages");
                send(decodeURIComponent(match[1]), req.headers, raw.toString("utf8"));
            })
            .then(
                () => {
                    res.writeHead(201);
                    res.end();
                },
                (err: unknown) => {
                    const e = err instanceof ServiceBusError ? err : new ServiceBusError(500, String(err));
                    res.writeHead(e.status, { "content-type": "application/xml" });
                    res.end(`<Error><Code>${e.status}</Code><Detail>${e.message}</Detail></Error>`);
                },
            );
    });
    const listening = await listenLocal(server);

    /** One peek-lock delivery of `message`: the invocation, then complete, abandon, or a lock left to expire. */
    const deliverOnce = async (queue: Queue, message: ServiceBusStoredMessage, deliver: DeliverMessage) => {
        message.locked = true;
        message.deliveryCount++;
        const metadata: ServiceBusTriggerMetadata = {
            messageId: message.messageId,
            deliveryCount: message.deliveryCount,
            sequenceNumber: message.sequenceNumber,
            enqueuedTimeUtc: new Date(message.enqueuedAt).toISOString(),
            ...(message.contentType && { contentType: message.contentType }),
            lockToken: randomUUID(),
            applicationProperties: message.applicationProperties,
        };
        const record = (outcome: ServiceBusDelivery["outcome"]) =>
            deliveries.push({
                messageId: message.messageId,
                deliveryCount: message.deliveryCount,
                applicationProperties: message.applicationProperties,
                outcome,
            });
        const name = queue.options.name;
        const label = `${message.messageId} (delivery ${message.deliveryCount} of maxDeliveryCount ${queue.options.maxDeliveryCount})`;
        let failed = false;
        if (options.faults && draw() < options.faults.drop) {
            record("dropped");
            options.log(
                `service bus ${name}: delivery of ${label} dropped (fault injected); its lock expires in ${queue.options.lockDurationMs / 1000} s`,
            );
            await new Promise((resolve) => setTimeout(resolve, queue.options.lockDurationMs).unref());
            failed = true;
        } else {
            const lockLost = options.faults !== undefined && draw() < options.faults.duplicate;
            try {
                await deliver(message.body, metadata);
                if (lockLost) {
                    record("lock lost");
                    options.log(`service bus ${name}: ${label} lost its lock during the invocation (fault injected); delivered again`);
                    failed = true;
                } else {
                    record("completed");
                    queue.messages.splice(queue.messages.indexOf(message), 1);
                    options.log(`service bus ${name}: ${label} completed (the invocation succeeded)`);
                }
            } catch (err) {
                record("abandoned");
                options.log(`service bus ${name}: ${label} abandoned (${err instanceof Error ? err.message : String(err)})`);
                failed = true;
            }
        }
        message.locked = false;
        if (!failed) return;
        if (message.deliveryCount >= queue.options.maxDeliveryCount) deadLetter(queue, message, "MaxDeliveryCountExceeded");
        else message.availableAt = Date.now();
    };

    const timers = new Set<NodeJS.Timeout>();
    let stopped = false;
    return {
        endpoint: listening.url,
        received: (name) => queueOf(name).received,
        deadLettered: (name) => queueOf(name).deadLetters,
        pending: (name) => queueOf(name).messages,
        deliveries,
        startTrigger(name, deliver) {
            const queue = queueOf(name);
            const poll = () => {
                if (stopped) return;
                const now = Date.now();
                for (const message of queue.messages.filter((m) => !m.locked && m.availableAt <= now)) {
                    void deliverOnce(queue, message, deliver);
                }
                const timer = setTimeout(() => {
                    timers.delete(timer);
                    poll();
                }, POLL_MS);
                timers.add(timer);
            };
            poll();
        },
        stop: async () => {
            stopped = true;
            for (const t of timers) clearTimeout(t);
            await listening.stop();
        },
    };
}
