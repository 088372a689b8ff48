/**
 * Each cloud's delivery loop, played from recorded payloads through the real runtime adapters
 * (lambdaSqs, azureServiceBus, gcpCloudTasks on the functions-framework test server): redelivery
 * on failure, the delivery counter, the native dead-letter rule at the queue's limit. No SQS→Lambda,
 * Service Bus or Cloud Tasks emulator exists, so the loop is the documented behaviour, written out.
 */
import { InvocationContext } from "@azure/functions";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import * as path from "node:path";
import { CLOUD_TASKS_MAX_ATTEMPTS } from "../../components/retry/cloud-tasks-attempts";
import { CloudParts } from "../../handlers/retry/build-worker";
import { cloudTasksScheduler, PubSubDeadLetterSink } from "../../handlers/queues/cloud-tasks-retry";
import type { PubSubTopic } from "../../handlers/stores/clients/pubsub-rest";
import { ServiceBusDeadLetterSink, ServiceBusRescheduler } from "../../handlers/queues/service-bus-retry";
import { SqsDeadLetterSink, SqsVisibilityScheduler } from "../../handlers/queues/sqs-retry";
import type { SqsApi } from "../../handlers/queues/sqs-api";
import { RetryWorker } from "../../handlers/retry/worker";
import { lambdaSqs, SqsEvent, SqsRecord } from "../../handlers/runtimes/aws";
import { azureServiceBus } from "../../handlers/runtimes/azure";
import { gcpCloudTasks } from "../../handlers/runtimes/gcp";

const FIXTURES = path.resolve(__dirname, "../fixtures/retry");
const recorded = <T>(name: string): T => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as T;

export interface Work {
    readonly id: string;
    readonly body: string;
}

export interface DeadLetter {
    readonly body: string;
    readonly attributes: Record<string, string>;
    /** true: the queue's own rule moved it (the worker never decided); false: the worker's sink. */
    readonly native: boolean;
}

export interface CloudSimulation {
    readonly name: string;
    /** The limit the cloud's queue is configured with, for `maxAttempts` worker attempts. */
    readonly queueLimit: (maxAttempts: number) => number;
    /** The cloud-specific worker parts, wired to this simulation's recorders. */
    parts(): Omit<CloudParts, "idempotencyStore">;
    /** Delivers the work (together, where the cloud batches) until every message is settled. */
    run(worker: RetryWorker, work: readonly Work[], maxAttempts: number): Promise<void>;
    /** Worker invocations per original message id. */
    readonly invocations: Map<string, number>;
    /** Delays the worker asked the cloud for, per original message id, ms. */
    readonly delays: Map<string, number[]>;
    /** Message ids reported failed in each invocation (one list per invocation). */
    readonly failedReports: string[][];
    readonly deadLetters: DeadLetter[];
    /** The worker's dead-letter sink refuses the next `count` sends (the queue or topic is down), then accepts again. */
    failDeadLetters(count: number): void;
    reset(): void;
}

abstract class Recorder {
    readonly invocations = new Map<string, number>();
    readonly delays = new Map<string, number[]>();
    readonly failedReports: string[][] = [];
    readonly deadLetters: DeadLetter[] = [];
    private deadLetterFailures = 0;

    failDeadLetters(count: number): void {
        this.deadLetterFailures = count;
    }

    /** What each cloud's dead-letter client records, or the outage it throws while the sink is down. */
    protected sinkReceived(letter: DeadLetter): void {
        if (this.deadLetterFailures > 0) {
            this.deadLetterFailures--;
            throw new Error("dead-letter destination unavailable (simulated outage)");
        }
        this.deadLetters.push(letter);
    }

    protected invoked(id: string): void {
        this.invocations.set(id, (this.invocations.get(id) ?? 0) + 1);
    }

    protected delayed(id: string, ms: number): void {
        this.delays.set(id, [...(this.delays.get(id) ?? []), ms]);
    }

    reset(): void {
        this.invocations.clear();
        this.delays.clear();
        this.failedReports.length = 0;
        this.deadLetters.length = 0;
        this.deadLetterFailures = 0;
    }
}

/** SQS → Lambda: ApproximateReceiveCount rises per receive; past maxReceiveCount the redrive policy moves it. */
export class SqsSimulation extends Recorder implements CloudSimulation {
    readonly name = "SQS (recorded Lambda event records)";
    readonly queueLimit = (maxAttempts: number) => maxAttempts;
    private readonly byReceipt = new Map<string, string>();

    parts() {
        const sqs: SqsApi = {
            sendMessage: async (input) => {
                const attributes = Object.fromEntries(Object.entries(input.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
                this.sinkReceived({ body: input.MessageBody, attributes, native: false });
                return { messageId: `dlq-${this.deadLetters.length}` };
            },
            changeMessageVisibility: async (input) =>
                this.delayed(this.byReceipt.get(input.ReceiptHandle) ?? "?", input.VisibilityTimeout * 1000),
        };
        return {
            deadLetters: new SqsDeadLetterSink(sqs, "https://sqs/dlq"),
            scheduler: new SqsVisibilityScheduler(sqs, "https://sqs/queue"),
        };
    }

    async run(worker: RetryWorker, work: readonly Work[], maxAttempts: number): Promise<void> {
        const template = recorded<SqsRecord & { receiptHandle: string }>("sqs-record.json");
        let pending = work.map((w) => ({ ...w, receives: 1 }));
        const handler = lambdaSqs(worker.handleBatch);
        while (pending.length > 0) {
            const records = pending.map((p) => {
                const receiptHandle = `${p.id}/receive-${p.receives}`;
                this.byReceipt.set(receiptHandle, p.id);
                this.invoked(p.id);
                return {
                    ...template,
                    messageId: p.id,
                    body: p.body,
                    receiptHandle,
                    attributes: { ...template.attributes, ApproximateReceiveCount: String(p.receives) },
                };
            });
            const { batchItemFailures } = await handler({ Records: records } as SqsEvent);
            const failed = batchItemFailures.map((f) => f.itemIdentifier);
            this.failedReports.push(failed);
            const next = [];
            for (const p of pending.filter((p) => failed.includes(p.id))) {
                if (p.receives >= this.queueLimit(maxAttempts)) this.deadLetters.push({ body: p.body, attributes: {}, native: true });
                else next.push({ ...p, receives: p.receives + 1 });
            }
            pending = next;
        }
    }
}

/** Service Bus → Azure Functions: a throw abandons (deliveryCount + 1); at maxDeliveryCount it is dead-lettered (and forwarded). */
export class ServiceBusSimulation extends Recorder implements CloudSimulation {
    readonly name = "Service Bus (recorded Functions v4 trigger metadata)";
    readonly queueLimit = (maxAttempts: number) => maxAttempts;
    private scheduled: { original: string; messageId: string; body: string; properties: Record<string, unknown> }[] = [];
    private readonly originalOf = new Map<string, string>();

    parts() {
        const queueSender = {
            scheduleMessages: async (
                message: { messageId: string; body: string; applicationProperties: Record<string, unknown> },
                at: Date,
            ) => {
                const original = this.originalOf.get(String(message.applicationProperties["idempotency-key"])) ?? "?";
                this.delayed(original, at.getTime() - Date.now());
                this.scheduled.push({
                    original,
                    messageId: message.messageId,
                    body: message.body,
                    properties: message.applicationProperties,
                });
                return [1n];
            },
        } as never;
        const deadLetterSender = {
            sendMessages: async (message: { body: string; applicationProperties: Record<string, string> }) => {
                this.sinkReceived({ body: message.body, attributes: message.applicationProperties, native: false });
            },
        } as never;
        return { deadLetters: new ServiceBusDeadLetterSink(deadLetterSender), scheduler: new ServiceBusRescheduler(queueSender) };
    }

    async run(worker: RetryWorker, work: readonly Work[], maxAttempts: number): Promise<void> {
        const template = recorded<{ invocationId: string; triggerMetadata: Record<string, unknown> }>("servicebus-invocation.json");
        const handler = azureServiceBus(worker.handleBatch);
        type Delivery = { original: string; messageId: string; body: string; properties: Record<string, unknown>; deliveryCount: number };
        let pending: Delivery[] = work.map((w) => {
            this.originalOf.set(w.id, w.id);
            return { original: w.id, messageId: w.id, body: w.body, properties: { "idempotency-key": w.id }, deliveryCount: 1 };
        });
        while (pending.length > 0) {
            this.scheduled = [];
            const outcomes = await Promise.allSettled(
                pending.map((d) => {
                    this.invoked(d.original);
                    const context = new InvocationContext({
                        invocationId: `${template.invocationId}-${d.messageId}-${d.deliveryCount}`,
                        triggerMetadata: {
                            ...template.triggerMetadata,
                            messageId: d.messageId,
                            deliveryCount: d.deliveryCount,
                            applicationProperties: d.properties,
                        },
                    });
                    // The trigger hands a JSON body over already parsed, as the recorded invocation shows.
                    return handler(JSON.parse(d.body), context);
                }),
            );
            this.failedReports.push(pending.filter((_, i) => outcomes[i].status === "rejected").map((d) => d.original));
            const next: Delivery[] = [];
            pending.forEach((d, i) => {
                if (outcomes[i].status === "fulfilled") return;
                if (d.deliveryCount >= this.queueLimit(maxAttempts)) this.deadLetters.push({ body: d.body, attributes: {}, native: true });
                else next.push({ ...d, deliveryCount: d.deliveryCount + 1 });
            });
            // Scheduled copies arrive when their time comes; the simulation does not wait for it.
            for (const s of this.scheduled) next.push({ ...s, deliveryCount: 1 });
            pending = next;
        }
    }
}

/**
 * Cloud Tasks → Cloud Functions: any non-2xx is retried with the queue's backoff until the
 * queue's maxAttempts (-1: no limit); a task out of attempts is deleted (Cloud Tasks has no
 * dead-letter queue).
 */
export class CloudTasksSimulation extends Recorder implements CloudSimulation {
    readonly name = "Cloud Tasks (recorded HTTP target requests)";
    /** The queue's retryConfig.maxAttempts as the component sets it. */
    readonly queueLimit = () => (CLOUD_TASKS_MAX_ATTEMPTS === -1 ? Infinity : CLOUD_TASKS_MAX_ATTEMPTS);
    /** A task still retried after this many deliveries means a worker that never ends it: the run stops and says so. */
    static readonly deliveryBound = 1000;
    readonly dropped: string[] = [];
    private server?: Server;
    private url = "";
    private current?: RetryWorker;
    private static registered = 0;

    parts() {
        const topic: Pick<PubSubTopic, "publish"> = {
            publish: async (messages) => {
                for (const m of messages)
                    this.sinkReceived({ body: Buffer.from(m.data).toString("utf8"), attributes: { ...m.attributes }, native: false });
                return messages.map((_, i) => String(i + 1));
            },
        };
        return { deadLetters: new PubSubDeadLetterSink(topic), scheduler: cloudTasksScheduler };
    }

    async start(): Promise<void> {
        const name = `retry-worker-${++CloudTasksSimulation.registered}`;
        functions.http(
            name,
            gcpCloudTasks((messages) => this.current!.handleBatch(messages)),
        );
        this.server = getTestServer(name);
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        const address = this.server.address();
        this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
    }

    stop(): Promise<void> {
        return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    override reset(): void {
        super.reset();
        this.dropped.length = 0;
    }

    async run(worker: RetryWorker, work: readonly Work[], _maxAttempts: number): Promise<void> {
        this.current = worker;
        const template = recorded<{ headers: Record<string, string> }>("cloud-tasks-request.json");
        let pending = work.map((w) => ({ ...w, retries: 0 }));
        while (pending.length > 0) {
            const statuses = await Promise.all(
                pending.map(async (p) => {
                    this.invoked(p.id);
                    const headers = {
                        ...template.headers,
                        "x-cloudtasks-taskname": p.id,
                        "x-cloudtasks-taskretrycount": String(p.retries),
                        "x-cloudtasks-taskexecutioncount": String(p.retries),
                    };
                    const res = await fetch(this.url, { method: "POST", headers, body: p.body });
                    await res.arrayBuffer();
                    return res.status;
                }),
            );
            this.failedReports.push(pending.filter((_, i) => statuses[i] >= 300).map((p) => p.id));
            const next = [];
            for (const [i, p] of pending.entries()) {
                if (statuses[i] < 300) continue;
                if (p.retries + 1 >= CloudTasksSimulation.deliveryBound)
                    throw new Error(`task ${p.id} still failing after ${CloudTasksSimulation.deliveryBound} deliveries`);
                if (p.retries + 1 >= this.queueLimit()) this.dropped.push(p.id);
                else next.push({ ...p, retries: p.retries + 1 });
            }
            pending = next;
        }
    }
}
