/**
 * The local Cloud Tasks of `cloud-patterns dev` (plan/dev/queues/cloud-tasks-queue.ts) against
 * what Google documents (no Cloud Tasks emulator exists, so the Cloud Tasks v2 reference is the
 * spec): the RetryConfig backoff and attempt rules, CreateTask's answers, and the headers each
 * dispatch carries. A local HTTP worker records what it was sent.
 */
import * as assert from "node:assert/strict";
import { createServer, IncomingHttpHeaders } from "node:http";
import { startCloudTasksQueue, LocalCloudTasksQueue } from "../../plan/dev/queues/cloud-tasks-queue";
import { cloudTasksBackoffSeconds, cloudTasksRetries, CloudTasksRetryConfig } from "../../plan/dev/queues/cloud-tasks-retry-config";
import { faultDraws } from "../../plan/dev/faults";
import { listenLocal, ListeningServer } from "../../plan/dev/listen-local";

const QUEUE = "projects/p/locations/europe-west1/queues/work";
const config = (over: Partial<CloudTasksRetryConfig> = {}): CloudTasksRetryConfig => ({
    maxAttempts: 5,
    minBackoffSeconds: 10,
    maxBackoffSeconds: 300,
    maxDoublings: 3,
    maxRetryDurationSeconds: 0,
    ...over,
});

describe("local Cloud Tasks: RetryConfig rules", () => {
    it("backs off as the reference's example says: 10, 20, 40, 80, 160, 240, 300, 300 s for min 10 s, max 300 s, 3 doublings", () => {
        assert.deepEqual(
            Array.from({ length: 8 }, (_, i) => cloudTasksBackoffSeconds(config(), i + 1)),
            [10, 20, 40, 80, 160, 240, 300, 300],
        );
    });

    it("with the Retry component's config (1 s to 300 s, 9 doublings) doubles up to the cap", () => {
        const retry = config({ minBackoffSeconds: 1, maxDoublings: 9 });
        assert.deepEqual(
            Array.from({ length: 11 }, (_, i) => cloudTasksBackoffSeconds(retry, i + 1)),
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
        );
    });

    it("attempts maxAttempts times in all (the first included), unless maxRetryDuration has not passed; -1 never stops", () => {
        assert.equal(cloudTasksRetries(config(), 4, 0), true);
        assert.equal(cloudTasksRetries(config(), 5, 0), false);
        // Both limits must be met: 5 attempts made, but the task is younger than maxRetryDuration.
        assert.equal(cloudTasksRetries(config({ maxRetryDurationSeconds: 60 }), 5, 59), true);
        assert.equal(cloudTasksRetries(config({ maxRetryDurationSeconds: 60 }), 5, 60), false);
        assert.equal(cloudTasksRetries(config({ maxAttempts: -1 }), 10_000, 86_400), true);
    });
});

describe("local Cloud Tasks: CreateTask and dispatch", () => {
    let worker: ListeningServer;
    let queue: LocalCloudTasksQueue | undefined;
    const received: IncomingHttpHeaders[] = [];
    let answers: number[] = [];
    const logs: string[] = [];

    before(async () => {
        worker = await listenLocal(
            createServer((req, res) => {
                received.push(req.headers);
                req.resume();
                res.statusCode = answers.shift() ?? 204;
                res.end();
            }),
        );
    });
    beforeEach(() => {
        received.length = 0;
        logs.length = 0;
    });
    afterEach(async () => {
        await queue?.stop();
        queue = undefined;
    });
    after(() => worker.stop());

    const start = async (retryConfig: CloudTasksRetryConfig) => {
        queue = await startCloudTasksQueue({
            queuePath: QUEUE,
            retryConfig,
            acceptsToken: (t) => t === "good-token",
            seed: 1,
            log: (l) => logs.push(l),
        });
        return queue;
    };
    const create = (q: LocalCloudTasksQueue, parent: string, task: object, token = "good-token") =>
        fetch(`${q.endpoint}/v2/${parent}/tasks`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ task }),
        });
    const httpRequest = {
        url: "https://worker.example.com/",
        httpMethod: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from('{"paymentId":"p-1"}').toString("base64"),
        oidcToken: { serviceAccountEmail: "invoker@p.iam.gserviceaccount.com", audience: "https://worker.example.com/" },
    };
    const settled = async (q: LocalCloudTasksQueue, id: string) => {
        while (q.history.get(id)?.state === "queued") await new Promise((resolve) => setTimeout(resolve, 20));
        return q.history.get(id)!;
    };

    it("refuses a call without a token it issued (401 UNAUTHENTICATED) and another queue (404 NOT_FOUND)", async () => {
        const q = await start(config());
        const unauthenticated = await create(q, QUEUE, { httpRequest }, "forged");
        assert.equal(unauthenticated.status, 401);
        assert.equal(((await unauthenticated.json()) as { error: { status: string } }).error.status, "UNAUTHENTICATED");
        const elsewhere = await create(q, "projects/p/locations/europe-west1/queues/other", { httpRequest });
        assert.equal(elsewhere.status, 404);
        assert.equal(((await elsewhere.json()) as { error: { status: string } }).error.status, "NOT_FOUND");
    });

    it("answers a named task's second create with 409 ALREADY_EXISTS, even once the first is done", async () => {
        const q = await start(config());
        q.startDispatching(() => worker.url);
        const name = `${QUEUE}/tasks/key-hash`;
        const first = await create(q, QUEUE, { name, httpRequest });
        assert.equal(first.status, 200);
        assert.equal(((await first.json()) as { name: string }).name, name);
        assert.equal((await settled(q, "key-hash")).state, "done");
        assert.equal((await create(q, QUEUE, { name, httpRequest })).status, 409);
        assert.equal(received.length, 1);
    });

    it("dispatches with the Cloud Tasks headers, counting retries and responses, until a 2xx", async () => {
        const q = await start(config({ minBackoffSeconds: 0.01, maxBackoffSeconds: 0.05 }));
        answers = [500, 503];
        q.startDispatching(() => worker.url);
        const { name } = (await (await create(q, QUEUE, { httpRequest })).json()) as { name: string };
        const id = name.slice(name.lastIndexOf("/") + 1);
        const entry = await settled(q, id);
        assert.deepEqual(
            { state: entry.state, attempts: entry.attempts, deliveries: entry.deliveries },
            {
                state: "done",
                attempts: 3,
                deliveries: 3,
            },
        );
        assert.deepEqual(
            received.map((h) => [
                h["x-cloudtasks-taskretrycount"],
                h["x-cloudtasks-taskexecutioncount"],
                h["x-cloudtasks-taskpreviousresponse"],
            ]),
            [
                ["0", "0", undefined],
                ["1", "1", "500"],
                ["2", "2", "503"],
            ],
        );
        for (const h of received) {
            assert.equal(h["x-cloudtasks-queuename"], "work");
            assert.equal(h["x-cloudtasks-taskname"], id);
            assert.equal(h["content-type"], "application/json");
            assert.ok(Number(h["x-cloudtasks-tasketa"]) > 0);
        }
        assert.equal(received[1]["x-cloudtasks-taskretryreason"], "HTTP status 500");
    });

    it("deletes a task after maxAttempts failed attempts (Cloud Tasks has no dead-letter queue)", async () => {
        const q = await start(config({ maxAttempts: 2, minBackoffSeconds: 0.01, maxBackoffSeconds: 0.01 }));
        answers = [500, 500, 500];
        q.startDispatching(() => worker.url);
        const { name } = (await (await create(q, QUEUE, { httpRequest })).json()) as { name: string };
        const entry = await settled(q, name.slice(name.lastIndexOf("/") + 1));
        assert.equal(entry.state, "deleted");
        assert.equal(entry.attempts, 2);
        assert.equal(received.length, 2);
        answers = [];
    });

    it("counts a dropped dispatch as an attempt that got no response (retry count up, execution count not)", async () => {
        queue = await startCloudTasksQueue({
            queuePath: QUEUE,
            retryConfig: config({ minBackoffSeconds: 0.01, maxBackoffSeconds: 0.01 }),
            acceptsToken: () => true,
            faults: { drop: 0.5, duplicate: 0 },
            // A seed whose first draw drops the first dispatch.
            seed: Array.from({ length: 100 }, (_, s) => s).find((s) => faultDraws(s, "queue")() < 0.5)!,
            log: (l) => logs.push(l),
        });
        const q = queue;
        q.startDispatching(() => worker.url);
        const { name } = (await (await create(q, QUEUE, { httpRequest })).json()) as { name: string };
        const entry = await settled(q, name.slice(name.lastIndexOf("/") + 1));
        const dropped = logs.filter((l) => l.includes("dropped (fault injected)")).length;
        assert.ok(dropped > 0, logs.join("\n"));
        assert.equal(entry.attempts, dropped + 1);
        assert.equal(received.length, 1);
        assert.equal(received[0]["x-cloudtasks-taskretrycount"], String(dropped));
        assert.equal(received[0]["x-cloudtasks-taskexecutioncount"], "0");
        assert.equal(received[0]["x-cloudtasks-taskretryreason"], "UNAVAILABLE");
    });
});
