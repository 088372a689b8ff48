/**
 * Producers, the enqueue endpoint, dead-letter sinks and schedulers, against recording stand-ins
 * of the SDK clients (no SQS, Service Bus or Cloud Tasks emulator exists): what each sends.
 */
import { strict as assert } from "node:assert";
import { Message } from "../../handlers/contracts";
import { enqueueHandler, nestingDepth } from "../../handlers/retry/enqueue";
import { ServiceBusRescheduler } from "../../handlers/queues/service-bus-retry";
import { parseEnqueueSettings, parseWorkerSettings, readWorkerSettings } from "../../handlers/retry/settings";
import { SqsVisibilityScheduler } from "../../handlers/queues/sqs-retry";
import { ConfigReader } from "../../handlers/config";
import { createServer, Server } from "node:http";
import { CloudTasksProducer } from "../../handlers/queues/cloud-tasks";
import { CloudTasksApi, cloudTasksRestApi, HttpTask, metadataServerToken } from "../../handlers/queues/cloud-tasks-api";
import { Producer } from "../../handlers/queues/producer";
import { ServiceBusProducer } from "../../handlers/queues/service-bus";
import { SqsProducer } from "../../handlers/queues/sqs";
import type { SqsChangeMessageVisibility, SqsSendMessage } from "../../handlers/queues/sqs-api";

const message = (attributes: Record<string, string> = {}): Message => ({
    id: "m-1",
    body: '{"orderId":"o-1"}',
    attempt: 2,
    receivedAt: new Date(0),
    attributes,
});

describe("retry producers", () => {
    it("SQS: sends the body with the idempotency key as a message attribute and returns SQS's id", async () => {
        const sent: SqsSendMessage[] = [];
        const producer = new SqsProducer({ sendMessage: async (input) => (sent.push(input), { messageId: "sqs-id-1" }) }, "https://sqs/q");
        assert.deepEqual(await producer.enqueue('{"a":1}', { idempotencyKey: "order-7" }), { messageId: "sqs-id-1" });
        assert.deepEqual(sent[0], {
            QueueUrl: "https://sqs/q",
            MessageBody: '{"a":1}',
            MessageAttributes: { "idempotency-key": { DataType: "String", StringValue: "order-7" } },
        });
    });

    it("Service Bus: the idempotency key is the message id (duplicate detection drops a repeat)", async () => {
        const sent: any[] = [];
        const producer = new ServiceBusProducer({ sendMessages: async (m: unknown) => void sent.push(m) } as never);
        assert.deepEqual(await producer.enqueue("{}", { idempotencyKey: "order-7" }), { messageId: "order-7" });
        assert.deepEqual(sent[0], {
            body: "{}",
            contentType: "application/json",
            messageId: "order-7",
            applicationProperties: { "idempotency-key": "order-7" },
        });
        const { messageId } = await producer.enqueue("{}");
        assert.match(messageId, /^[0-9a-f-]{36}$/);
    });

    it("Cloud Tasks: an HTTP task to the worker with an OIDC token, named after the key; a repeat answers the same id", async () => {
        const created: { parent: string; task: HttpTask }[] = [];
        const api: CloudTasksApi = {
            createTask: async (parent, task) => {
                created.push({ parent, task });
                return created.length > 1 ? "already-exists" : { name: task.name! };
            },
        };
        const producer = new CloudTasksProducer(api, {
            queuePath: "projects/p/locations/l/queues/q",
            workerUrl: "https://worker.run.app",
            invokerServiceAccount: "invoker@p.iam.gserviceaccount.com",
        });
        const first = await producer.enqueue('{"a":1}', { idempotencyKey: "order-7" });
        const again = await producer.enqueue('{"a":1}', { idempotencyKey: "order-7" });
        assert.equal(first.messageId, again.messageId);
        assert.match(first.messageId, /^[0-9a-f]{64}$/);
        assert.equal(created[0].parent, "projects/p/locations/l/queues/q");
        assert.deepEqual(created[0].task, {
            name: `projects/p/locations/l/queues/q/tasks/${first.messageId}`,
            httpRequest: {
                url: "https://worker.run.app",
                httpMethod: "POST",
                headers: { "content-type": "application/json" },
                body: Buffer.from('{"a":1}').toString("base64"),
                oidcToken: { serviceAccountEmail: "invoker@p.iam.gserviceaccount.com", audience: "https://worker.run.app" },
            },
        });
    });

    describe("Cloud Tasks REST API, against a recording stand-in on 127.0.0.1", () => {
        const requests: { url: string; auth?: string; body: any }[] = [];
        let status = 200;
        let server: Server;
        let endpoint = "";
        before(async () => {
            server = createServer((req, res) => {
                let body = "";
                req.on("data", (c) => (body += c));
                req.on("end", () => {
                    requests.push({ url: req.url ?? "", auth: req.headers.authorization, body: JSON.parse(body) });
                    res.writeHead(status, { "content-type": "application/json" });
                    res.end(
                        status === 200
                            ? JSON.stringify({ name: "projects/p/locations/l/queues/q/tasks/123" })
                            : JSON.stringify({ error: { status: status === 409 ? "ALREADY_EXISTS" : "PERMISSION_DENIED" } }),
                    );
                });
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        });
        after(() => new Promise<void>((resolve) => server.close(() => resolve())));
        const api = () => cloudTasksRestApi(async () => "token-1", fetch, endpoint);
        const task: HttpTask = {
            httpRequest: {
                url: "https://w",
                httpMethod: "POST",
                headers: {},
                body: "e30=",
                oidcToken: { serviceAccountEmail: "i", audience: "https://w" },
            },
        };

        it("POSTs the task to v2/{parent}/tasks with the bearer token and returns its name", async () => {
            status = 200;
            assert.deepEqual(await api().createTask("projects/p/locations/l/queues/q", task), {
                name: "projects/p/locations/l/queues/q/tasks/123",
            });
            assert.deepEqual(requests.at(-1), { url: "/v2/projects/p/locations/l/queues/q/tasks", auth: "Bearer token-1", body: { task } });
        });

        it("reports 409 as already-exists and throws on other errors, naming the status", async () => {
            status = 409;
            assert.equal(await api().createTask("projects/p/locations/l/queues/q", task), "already-exists");
            status = 403;
            await assert.rejects(
                api().createTask("projects/p/locations/l/queues/q", task),
                /Cloud Tasks answered 403 creating a task in projects\/p\/locations\/l\/queues\/q: .*PERMISSION_DENIED/,
            );
        });

        it("takes the access token from the metadata server once, until shortly before it expires", async () => {
            let calls = 0;
            const fakeFetch = (async (url: string, init: RequestInit) => {
                calls++;
                assert.match(url, /computeMetadata\/v1\/instance\/service-accounts\/default\/token$/);
                assert.equal((init.headers as Record<string, string>)["metadata-flavor"], "Google");
                return new Response(JSON.stringify({ access_token: `t${calls}`, expires_in: 3600 }));
            }) as typeof fetch;
            let now = 0;
            const token = metadataServerToken(fakeFetch, () => now);
            assert.equal(await token(), "t1");
            now = 3_000_000;
            assert.equal(await token(), "t1");
            now = 3_600_000;
            assert.equal(await token(), "t2");
        });

        it("asks the metadata server GCE_METADATA_HOST names, as Google's gcp-metadata does", async () => {
            const urls: string[] = [];
            const fakeFetch = (async (url: string) => {
                urls.push(url);
                return new Response(JSON.stringify({ access_token: "local", expires_in: 3600 }));
            }) as typeof fetch;
            const previous = process.env.GCE_METADATA_HOST;
            process.env.GCE_METADATA_HOST = "127.0.0.1:8930";
            try {
                assert.equal(await metadataServerToken(fakeFetch)(), "local");
            } finally {
                if (previous === undefined) delete process.env.GCE_METADATA_HOST;
                else process.env.GCE_METADATA_HOST = previous;
            }
            await metadataServerToken(fakeFetch)();
            assert.deepEqual(urls, [
                "http://127.0.0.1:8930/computeMetadata/v1/instance/service-accounts/default/token",
                "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token",
            ]);
        });
    });
});

describe("retry enqueue endpoint", () => {
    const recording = (fail = false) => {
        const calls: { body: string; key?: string }[] = [];
        const producer: Producer = {
            enqueue: async (body, options) => {
                calls.push({ body, ...(options?.idempotencyKey && { key: options.idempotencyKey }) });
                if (fail) throw new Error("queue unreachable");
                return { messageId: "id-1" };
            },
        };
        return { calls, handler: enqueueHandler(producer, 100) };
    };
    const post = (body: string, headers: Record<string, string> = {}) =>
        new Request("https://x/enqueue", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

    it("takes the work at the function URL's root too (AWS, GCP), and a 100k-deep body costs one scan", async () => {
        const { calls, handler } = recording();
        const root = await handler(
            new Request("https://x/", { method: "POST", body: "{}", headers: { "content-type": "application/json; charset=utf-8" } }),
        );
        assert.equal(root.status, 202);
        assert.equal(nestingDepth("[".repeat(100_000)), 100_000);
        assert.equal(calls.length, 1);
    });

    it("answers 202 with the message id once queued, passing the Idempotency-Key on", async () => {
        const { calls, handler } = recording();
        const res = await handler(post('{"orderId":"o-1"}', { "idempotency-key": "order-1" }));
        assert.equal(res.status, 202);
        assert.deepEqual(await res.json(), { messageId: "id-1" });
        assert.deepEqual(calls, [{ body: '{"orderId":"o-1"}', key: "order-1" }]);
    });

    it("refuses bad requests saying what is wrong, and queues nothing", async () => {
        const { calls, handler } = recording();
        const cases: [Request, number, RegExp][] = [
            [new Request("https://x/enqueue"), 405, /method GET not allowed; POST a JSON body/],
            [post(""), 400, /the body is empty/],
            [post("{oops"), 400, /the body is not valid JSON/],
            [post(JSON.stringify({ pad: "x".repeat(200) })), 413, /the body is \d+ bytes; the queue takes at most 100/],
            [post("{}", { "idempotency-key": "has space" }), 400, /Idempotency-Key must be 1 to 200 visible ASCII characters/],
            // What the worker would certainly dead-letter is refused at the door.
            [post('[{"orderId":"o-1"}]'), 400, /the body must be a JSON object, got an array/],
            [post('"o-1"'), 400, /the body must be a JSON object, got "o-1"/],
            [post("null"), 400, /the body must be a JSON object, got null/],
            [post(`${"[".repeat(33)}${"]".repeat(33)}`), 400, /nests 33 levels deep; at most 32/],
            [post('{"o":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[["}'), 202, /./],
            [post('{"orderId":"o-1"}', { "content-type": "text/plain" }), 415, /must be application\/json, got text\/plain/],
            [new Request("https://x/enqueue", { method: "POST", body: new Uint8Array([123, 125]) }), 415, /got no content type/],
            [
                new Request("https://x/orders", { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
                404,
                /no route for \/orders; POST the work to \/ or \/enqueue/,
            ],
        ];
        for (const [request, status, error] of cases) {
            const res = await handler(request);
            assert.equal(res.status, status, `${request.method} ${request.url} ${request.headers.get("content-type")}`);
            if (status === 202) continue;
            assert.equal(res.headers.get("content-type"), "application/problem+json");
            assert.match(((await res.json()) as { detail: string }).detail, error);
        }
        assert.equal((await handler(new Request("https://x/enqueue", { method: "PUT", body: "{}" }))).headers.get("allow"), "POST");
        assert.deepEqual(
            calls,
            [{ body: '{"o":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[["}' }],
            "only the object with brackets in a string was queued",
        );
    });

    it("answers 503 with Retry-After when the queue does not take the message", async () => {
        const { handler } = recording(true);
        const error = console.error;
        console.error = () => undefined;
        try {
            const res = await handler(post("{}"));
            assert.equal(res.status, 503);
            assert.equal(res.headers.get("retry-after"), "1");
            assert.match(((await res.json()) as { detail: string }).detail, /nothing was queued/);
        } finally {
            console.error = error;
        }
    });
});

describe("retry schedulers", () => {
    it("SQS: hides the failed message for the delay, in whole seconds, capped at 12 hours", async () => {
        const sent: SqsChangeMessageVisibility[] = [];
        const scheduler = new SqsVisibilityScheduler({ changeMessageVisibility: async (input) => void sent.push(input) }, "https://sqs/q");
        assert.deepEqual(await scheduler.defer(message({ "sqs.receiptHandle": "rh-1" }), 1500), { redelivers: true });
        await scheduler.defer(message({ "sqs.receiptHandle": "rh-2" }), 100_000_000);
        assert.deepEqual(sent, [
            { QueueUrl: "https://sqs/q", ReceiptHandle: "rh-1", VisibilityTimeout: 2 },
            { QueueUrl: "https://sqs/q", ReceiptHandle: "rh-2", VisibilityTimeout: 43_200 },
        ]);
        await assert.rejects(scheduler.defer(message(), 1000), /has no 'sqs.receiptHandle' attribute/);
    });

    it("Service Bus: schedules a copy under a new id carrying the key and the attempts made, and completes the original", async () => {
        const scheduled: [any, Date][] = [];
        const scheduler = new ServiceBusRescheduler(
            { scheduleMessages: async (m: unknown, at: Date) => (scheduled.push([m, at]), [1n]) } as never,
            () => 1_000_000,
        );
        assert.deepEqual(await scheduler.defer(message({ "idempotency-key": "order-1", tenant: "acme" }), 4000, 2), { redelivers: false });
        const [copy, at] = scheduled[0];
        assert.equal(at.getTime(), 1_004_000);
        assert.equal(copy.messageId, "order-1:attempt-3");
        assert.deepEqual(copy.applicationProperties, { "idempotency-key": "order-1", tenant: "acme", "retry-prior-attempts": 2 });
        assert.equal(copy.body, '{"orderId":"o-1"}');
    });
});

describe("retry settings (CLOUD_PATTERNS_CONFIG)", () => {
    const worker = {
        maxAttempts: 5,
        minBackoffMs: 1000,
        maxBackoffMs: 60_000,
        attemptTimeoutMs: 30_000,
        breaker: { consecutiveFailures: 5, halfOpenAfterMs: 30_000 },
        idempotency: { ttlSeconds: 3600, inProgressSeconds: 100, scope: "orders", store: { kind: "dynamodb", table: "t" } },
        queue: { kind: "sqs", queueUrl: "https://sqs/q", deadLetterQueueUrl: "https://sqs/dlq" },
    };
    const parse = (doc: object) => parseWorkerSettings(new ConfigReader(doc as Record<string, unknown>));

    it("reads a worker's settings, converting seconds to ms", () => {
        assert.deepEqual(parse(worker).idempotency, {
            ttlMs: 3_600_000,
            inProgressMs: 100_000,
            scope: "orders",
            store: { kind: "dynamodb", table: "t" },
        });
    });

    it("names the bad field and what it must be", () => {
        assert.throws(() => parse({ ...worker, maxAttempts: 0 }), /'maxAttempts' must be a number from 1 to 1000, got 0/);
        assert.throws(() => parse({ ...worker, minBackoffMs: 90_000 }), /'minBackoffMs' must be a number from 0 to 60000/);
        assert.throws(
            () => parse({ ...worker, queue: { kind: "kafka" } }),
            /'queue.kind' must be one of sqs, service-bus, cloud-tasks, got "kafka"/,
        );
        assert.throws(() => parse({ ...worker, queue: { kind: "sqs", queueUrl: "q" } }), /'queue.queueUrl' must be an http\(s\) URL/);
        assert.throws(
            () => parse({ ...worker, idempotency: { ...worker.idempotency, store: { kind: "redis" } } }),
            /'idempotency.store.kind' must be one of dynamodb, cosmos, firestore/,
        );
        assert.throws(
            () => parseEnqueueSettings(new ConfigReader({ maxBodyBytes: 10, queue: { kind: "cloud-tasks", queuePath: "q" } })),
            /'queue.workerUrl' must be a non-empty string/,
        );
        assert.throws(() => readWorkerSettings({}), /CLOUD_PATTERNS_CONFIG: is not set/);
    });
});
