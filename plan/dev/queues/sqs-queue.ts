/**
 * A standard SQS queue and its Lambda event source mapping, on this machine, for `cloud-patterns
 * dev`: it serves the SQS API calls the functions make (SendMessage, ChangeMessageVisibility,
 * over the SDK's AWS JSON 1.0 protocol) and delivers to the worker as the event source mapping
 * does, with SQS's own rules:
 * - a received message is invisible for the queue's visibility timeout (or what
 *   ChangeMessageVisibility set), then visible again unless the function deleted it (not reported
 *   in `batchItemFailures`);
 * - every receive counts towards `maxReceiveCount`; a message received more often than that is
 *   moved to the dead-letter queue by the redrive policy, without the function seeing it;
 * - `queue` faults: a dropped delivery never reaches the function but counts as a receive and
 *   reappears after the visibility timeout; a duplicated one is delivered twice.
 * There is no SQS emulator among the project's peers (ElasticMQ needs a JVM image of its own), so
 * the rules are written out from https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
 * and .../sqs-dead-letter-queues.html.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, Server } from "node:http";
import { readBody } from "../../../handlers/runtimes/node-http";
import { faultDraws, QueueFaults } from "../faults";
import { listenLocal } from "../listen-local";

export interface SqsQueueOptions {
    /** The queue's name and the dead-letter queue's, as in the deployed URLs. */
    readonly queueName: string;
    readonly deadLetterQueueName: string;
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
    /** The event source mapping's batch size. */
    readonly batchSize: number;
    readonly faults?: QueueFaults;
    readonly seed: number;
    readonly log: (line: string) => void;
}

/** A letter in the dead-letter queue: sent by the worker (with its reason attributes) or moved by the redrive policy. */
export interface SqsDeadLetter {
    readonly messageId: string;
    readonly body: string;
    readonly attributes: Readonly<Record<string, string>>;
    readonly by: "worker" | "redrive policy";
}

/** What became of one message sent to the queue. */
export interface SqsMessageHistory {
    readonly messageId: string;
    /** Receives counted by SQS (deliveries, dropped ones included). */
    receives: number;
    /** Invocations of the function that carried the message. */
    deliveries: number;
    state: "queued" | "deleted" | "dead-lettered";
}

/** Hands one batch to the function; resolves with the ids it reports failed. */
export type DeliverBatch = (records: readonly object[]) => Promise<string[]>;

interface Stored {
    readonly messageId: string;
    readonly body: string;
    readonly attributes: Record<string, { DataType: string; StringValue?: string }>;
    readonly sentAt: number;
    visibleAt: number;
    receiptHandle?: string;
    inFlight: boolean;
}

export interface LocalSqsQueue {
    /** The endpoint the SDK is pointed at, and the two queue URLs on it. */
    readonly endpoint: string;
    readonly queueUrl: string;
    readonly deadLetterQueueUrl: string;
    readonly history: ReadonlyMap<string, SqsMessageHistory>;
    readonly deadLetters: readonly SqsDeadLetter[];
    /** Starts delivering to `deliver` (once the worker listens). */
    startDelivering(deliver: DeliverBatch): void;
    stop(): Promise<void>;
}

const ACCOUNT = "000000000000";
const POLL_MS = 50;

export async function startSqsQueue(options: SqsQueueOptions): Promise<LocalSqsQueue> {
    const messages: Stored[] = [];
    const history = new Map<string, SqsMessageHistory>();
    const deadLetters: SqsDeadLetter[] = [];
    const draw = faultDraws(options.seed, "queue");
    let endpoint = "";
    const urlOf = (name: string) => `${endpoint}/${ACCOUNT}/${name}`;

    const send = (input: { QueueUrl?: string; MessageBody?: string; MessageAttributes?: Stored["attributes"] }) => {
        const messageId = randomUUID();
        const body = input.MessageBody ?? "";
        const name = new URL(input.QueueUrl ?? "http://x/").pathname.split("/").pop();
        const attributes = input.MessageAttributes ?? {};
        if (name === options.deadLetterQueueName) {
            const flat = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.StringValue ?? ""]));
            deadLetters.push({ messageId, body, attributes: flat, by: "worker" });
            options.log(
                `dead-letter queue ${options.deadLetterQueueName}: received ${messageId} from the worker (${flat["dead-letter-reason"] ?? "no reason given"})`,
            );
        } else if (name === options.queueName) {
            messages.push({ messageId, body, attributes, sentAt: Date.now(), visibleAt: 0, inFlight: false });
            history.set(messageId, { messageId, receives: 0, deliveries: 0, state: "queued" });
            options.log(`queue ${options.queueName}: sent ${messageId}`);
        } else throw new SqsError(400, "AWS.SimpleQueueService.NonExistentQueue", `no queue ${input.QueueUrl}`);
        return { MessageId: messageId, MD5OfMessageBody: createHash("md5").update(body).digest("hex") };
    };

    const changeVisibility = (input: { ReceiptHandle?: string; VisibilityTimeout?: number }) => {
        const message = messages.find((m) => m.receiptHandle === input.ReceiptHandle);
        if (!message) throw new SqsError(400, "ReceiptHandleIsInvalid", `receipt handle ${input.ReceiptHandle} is not current`);
        message.visibleAt = Date.now() + (input.VisibilityTimeout ?? 0) * 1000;
        return {};
    };

    const server: Server = createServer((req, res) => {
        readBody(req)
            .then((raw) => {
                const action = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSQS\./, "");
                const input = JSON.parse(raw.toString("utf8") || "{}");
                if (action === "SendMessage") return send(input);
                if (action === "ChangeMessageVisibility") return changeVisibility(input);
                throw new SqsError(400, "InvalidAction", `the local queue does not serve ${action}`);
            })
            .then(
                (answer) => {
                    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
                    res.end(JSON.stringify(answer));
                },
                (err: unknown) => {
                    const e = err instanceof SqsError ? err : new SqsError(500, "InternalError", String(err));
                    res.writeHead(e.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-query-error": `${e.code};Sender` });
                    res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${e.code}`, message: e.message }));
                },
            );
    });
    const listening = await listenLocal(server);
    endpoint = listening.url;

    /** One receive of `message`, as SQS counts it: moved by the redrive policy past the limit, else made invisible. */
    const receive = (message: Stored, now: number): object | undefined => {
        const entry = history.get(message.messageId)!;
        if (entry.receives >= options.maxReceiveCount) {
            messages.splice(messages.indexOf(message), 1);
            entry.state = "dead-lettered";
            const flat = Object.fromEntries(Object.entries(message.attributes).map(([k, v]) => [k, v.StringValue ?? ""]));
            deadLetters.push({ messageId: message.messageId, body: message.body, attributes: flat, by: "redrive policy" });
            options.log(
                `dead-letter queue ${options.deadLetterQueueName}: ${message.messageId} moved by the redrive policy after ${entry.receives} receives (maxReceiveCount ${options.maxReceiveCount})`,
            );
            return undefined;
        }
        entry.receives++;
        message.receiptHandle = `${message.messageId}#${entry.receives}#${randomUUID()}`;
        message.visibleAt = now + options.visibilityTimeoutSeconds * 1000;
        return {
            messageId: message.messageId,
            receiptHandle: message.receiptHandle,
            body: message.body,
            attributes: {
                ApproximateReceiveCount: String(entry.receives),
                SentTimestamp: String(message.sentAt),
                ApproximateFirstReceiveTimestamp: String(message.sentAt),
            },
            messageAttributes: Object.fromEntries(
                Object.entries(message.attributes).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: v.DataType }]),
            ),
            md5OfBody: createHash("md5").update(message.body).digest("hex"),
            eventSource: "aws:sqs",
            eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:${options.queueName}`,
            awsRegion: "us-east-1",
        };
    };

    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const poll = async (deliver: DeliverBatch) => {
        const now = Date.now();
        const ready = messages.filter((m) => !m.inFlight && m.visibleAt <= now).slice(0, options.batchSize);
        const batch: { message: Stored; record: object }[] = [];
        const duplicates: object[] = [];
        for (const message of ready) {
            const record = receive(message, now);
            if (!record) continue;
            if (options.faults && draw() < options.faults.drop) {
                options.log(
                    `queue ${options.queueName}: delivery of ${message.messageId} dropped (fault injected); visible again in ${options.visibilityTimeoutSeconds} s`,
                );
                continue;
            }
            batch.push({ message, record });
            if (options.faults && draw() < options.faults.duplicate) {
                options.log(`queue ${options.queueName}: ${message.messageId} delivered twice (fault injected)`);
                duplicates.push(record);
            }
        }
        if (batch.length === 0) return;
        for (const { message } of batch) message.inFlight = true;
        const invoke = (records: readonly object[]) =>
            deliver(records).catch((err: unknown) => {
                // A failed invocation leaves its whole batch on the queue, visible again after the timeout.
                options.log(`queue ${options.queueName}: the worker's invocation failed (${String(err)}); its batch stays on the queue`);
                return records.map((r) => (r as { messageId: string }).messageId);
            });
        // A duplicate is a second receive of the same message, in an invocation of its own, at the same time.
        const [failed] = await Promise.all([invoke(batch.map((b) => b.record)), ...(duplicates.length ? [invoke(duplicates)] : [])]);
        for (const { message } of batch) {
            message.inFlight = false;
            history.get(message.messageId)!.deliveries++;
        }
        for (const record of duplicates) history.get((record as { messageId: string }).messageId)!.deliveries++;
        for (const { message } of batch) {
            if (failed.includes(message.messageId) || !messages.includes(message)) continue;
            messages.splice(messages.indexOf(message), 1);
            history.get(message.messageId)!.state = "deleted";
            options.log(`queue ${options.queueName}: ${message.messageId} deleted (the worker acknowledged it)`);
        }
    };
    const schedule = (deliver: DeliverBatch) => {
        if (stopped) return;
        timer = setTimeout(() => void poll(deliver).finally(() => schedule(deliver)), POLL_MS);
    };

    return {
        endpoint,
        queueUrl: urlOf(options.queueName),
        deadLetterQueueUrl: urlOf(options.deadLetterQueueName),
        history,
        deadLetters,
        startDelivering: schedule,
        stop: async () => {
            stopped = true;
            clearTimeout(timer);
            await listening.stop();
        },
    };
}

class SqsError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}
