/**
 * The shared worker loop on each cloud, driven by recorded deliveries through the real runtime
 * adapters (see simulations.ts: no SQS→Lambda, Service Bus or Cloud Tasks emulator exists), calling
 * a real HTTP downstream, with idempotency records in each cloud's database on its real peer.
 */
import { strict as assert } from "node:assert";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { buildWorker } from "../../handlers/retry/build-worker";
import { deliver } from "../../handlers/retry/http-target";
import { WorkerSettings } from "../../handlers/retry/settings";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { DynamoDbIdempotencyStore } from "../../handlers/stores/idempotency/dynamodb";
import { FirestoreIdempotencyStore } from "../../handlers/stores/idempotency/firestore";
import { IdempotencyStore } from "../../handlers/stores/idempotency/port";
import { ScriptedDownstream } from "../fixtures/retry/downstream";
import { usePeer } from "../support/peers";
import { cosmosIdempotencyStore } from "./idempotency-peers";
import { CloudSimulation, CloudTasksSimulation, ServiceBusSimulation, SqsSimulation } from "./simulations";

const MAX_ATTEMPTS = 3;
const MIN_BACKOFF_MS = 1000;

const settings: WorkerSettings = {
    maxAttempts: MAX_ATTEMPTS,
    minBackoffMs: MIN_BACKOFF_MS,
    maxBackoffMs: 20_000,
    attemptTimeoutMs: 5000,
    // High enough not to open during these tests; the breaker has its own test.
    breaker: { consecutiveFailures: 1000, halfOpenAfterMs: 30_000 },
    idempotency: { ttlMs: 3_600_000, inProgressMs: 60_000, scope: "retry-test", store: { kind: "dynamodb", table: "unused" } },
    queue: { kind: "sqs", queueUrl: "https://sqs/queue", deadLetterQueueUrl: "https://sqs/dlq" },
};

function workerBehaviour(sim: () => CloudSimulation, store: () => IdempotencyStore): void {
    const downstream = new ScriptedDownstream();
    before(() => downstream.start());
    after(() => downstream.stop());
    beforeEach(() => {
        downstream.reset();
        sim().reset();
    });

    const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
        const log = console.log;
        const error = console.error;
        console.log = console.error = () => undefined;
        try {
            return await fn();
        } finally {
            console.log = log;
            console.error = error;
        }
    };
    const worker = () =>
        buildWorker(settings, (message, { signal }) => deliver(downstream.url, message, signal), {
            ...sim().parts(),
            idempotencyStore: store(),
        });
    const order = () => {
        const orderId = `o-${randomUUID()}`;
        return { orderId, work: { id: `m-${randomUUID()}`, body: JSON.stringify({ orderId, amount: 10 }) } };
    };
    const run = (work: { id: string; body: string }[], w = worker()) => quietly(() => sim().run(w, work, MAX_ATTEMPTS));

    it("fails twice then succeeds: done once, nothing dead-lettered", async () => {
        const { orderId, work } = order();
        downstream.script(orderId, 503, 503, 200);
        await run([work]);
        assert.equal(downstream.callsFor(orderId), 3);
        assert.equal(sim().invocations.get(work.id), 3);
        assert.deepEqual(sim().deadLetters, []);
    });

    it("waits before each retry for a full-jitter delay the worker asks of the queue (none on Cloud Tasks: the queue's retryConfig waits)", async () => {
        const { orderId, work } = order();
        downstream.script(orderId, 503, 503, 200);
        await run([work]);
        const delays = sim().delays.get(work.id) ?? [];
        if (sim() instanceof CloudTasksSimulation) {
            assert.deepEqual(delays, []);
            return;
        }
        const hint =
            sim() instanceof SqsSimulation
                ? " (SQS: the lambdaSqs adapter must pass each record's receiptHandle as the message attribute 'sqs.receiptHandle')"
                : "";
        assert.equal(delays.length, 2, `two delays asked of the cloud, got ${JSON.stringify(delays)}${hint}`);
        // Full jitter: below base * 2^(attempt-1) (SQS rounds up to whole seconds).
        assert.ok(delays[0] >= 0 && delays[0] <= MIN_BACKOFF_MS, `first delay ${delays[0]}`);
        assert.ok(delays[1] >= 0 && delays[1] <= 2 * MIN_BACKOFF_MS, `second delay ${delays[1]}`);
    });

    it("a permanent error (400) is dead-lettered after one attempt with the reason, never retried", async () => {
        const { orderId, work } = order();
        downstream.script(orderId, 400);
        await run([work]);
        assert.equal(downstream.callsFor(orderId), 1);
        assert.equal(sim().invocations.get(work.id), 1);
        assert.equal(sim().deadLetters.length, 1);
        const [dead] = sim().deadLetters;
        assert.equal(dead.native, false);
        assert.equal(dead.body, work.body);
        assert.match(
            dead.attributes["dead-letter-reason"],
            /^permanent error on attempt 1: DownstreamStatusError: downstream answered 400/,
        );
        assert.equal(dead.attributes.attempts, "1");
    });

    it("always failing is dead-lettered after exactly maxAttempts attempts, by the worker with its reason", async () => {
        const { orderId, work } = order();
        downstream.script(orderId, 503);
        await run([work]);
        assert.equal(downstream.callsFor(orderId), MAX_ATTEMPTS);
        assert.equal(sim().deadLetters.length, 1);
        assert.equal(sim().deadLetters[0].native, false);
        assert.match(
            sim().deadLetters[0].attributes["dead-letter-reason"],
            /^gave up after 3 of 3 attempts: DownstreamStatusError: downstream answered 503/,
        );
        if (sim() instanceof CloudTasksSimulation)
            assert.deepEqual((sim() as CloudTasksSimulation).dropped, [], "no task ran out of attempts unrecorded");
    });

    it("a dead-letter destination that is down loses nothing: the message stays retriable until it is dead-lettered, once", async () => {
        const { orderId, work } = order();
        downstream.script(orderId, 503);
        // Down for longer than any spare attempts a queue could be given.
        sim().failDeadLetters(12);
        await run([work]);
        assert.equal(downstream.callsFor(orderId), MAX_ATTEMPTS, "past the last attempt only the dead-letter send is retried");
        assert.equal(sim().deadLetters.length, 1, "dead-lettered exactly once, by the worker or by the queue's own rule");
        assert.equal(sim().deadLetters[0].body, work.body);
        if (sim() instanceof CloudTasksSimulation) {
            assert.deepEqual((sim() as CloudTasksSimulation).dropped, [], "no task deleted out of attempts");
            assert.equal(sim().deadLetters[0].native, false);
            assert.match(
                sim().deadLetters[0].attributes["dead-letter-reason"],
                /after the last allowed \(3\); the last attempt did not finish or could not dead-letter/,
            );
        }
    });

    it("the same message delivered twice is processed once", async () => {
        const { orderId, work } = order();
        await run([work]);
        await run([work]);
        assert.equal(downstream.callsFor(orderId), 1);
        assert.equal(sim().invocations.get(work.id), 2);
        assert.deepEqual(sim().failedReports, [[], []], "both deliveries acknowledged");
        assert.deepEqual(sim().deadLetters, []);
    });

    it("in a batch with one bad message, only that one is reported failed", async () => {
        const good = [order(), order(), order()];
        const bad = order();
        downstream.script(bad.orderId, 503, 200);
        await run([...good.map((g) => g.work), bad.work]);
        if (sim() instanceof ServiceBusSimulation) {
            // Service Bus: the bad one is completed and a delayed copy scheduled; the others are simply completed.
            assert.deepEqual(sim().failedReports[0], []);
            assert.deepEqual([...sim().delays.keys()], [bad.work.id]);
        } else {
            assert.deepEqual(sim().failedReports[0], [bad.work.id]);
        }
        for (const g of good) assert.equal(downstream.callsFor(g.orderId), 1);
        assert.equal(downstream.callsFor(bad.orderId), 2);
        assert.deepEqual(sim().deadLetters, []);
    });
}

describe("retry worker on SQS deliveries (DynamoDB records on dynalite)", () => {
    const peer = usePeer("dynalite");
    const sim = new SqsSimulation();
    let store: IdempotencyStore;
    before(async () => {
        const tableName = `${peer.namespace}-retry`;
        await peer.client().send(
            new CreateTableCommand({
                TableName: tableName,
                AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                BillingMode: "PAY_PER_REQUEST",
            }),
        );
        store = new DynamoDbIdempotencyStore(dynamoDocumentClient(peer.clientConfig), tableName);
    });
    workerBehaviour(
        () => sim,
        () => store,
    );
});

describe("retry worker on Service Bus deliveries (Cosmos DB records on @vercel/cosmosdb-server)", () => {
    const peer = usePeer("cosmos");
    const sim = new ServiceBusSimulation();
    let store: IdempotencyStore;
    before(async () => (store = await cosmosIdempotencyStore(peer, "retry")));
    workerBehaviour(
        () => sim,
        () => store,
    );
});

describe("retry worker on Cloud Tasks deliveries (Firestore records on the emulator)", () => {
    const peer = usePeer("firestore");
    const sim = new CloudTasksSimulation();
    let store: IdempotencyStore;
    before(async () => {
        await sim.start();
        store = new FirestoreIdempotencyStore(peer.client(), `${peer.namespace}-retry`);
    });
    after(() => sim.stop());
    workerBehaviour(
        () => sim,
        () => store,
    );
});
