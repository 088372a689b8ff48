/**
 * The worker itself (not only its idempotency store) given one message several times at once, as
 * a queue does when a visibility timeout or lock lapses while the first copy still runs, and given
 * a message whose outcome could not be recorded at first: on every idempotency store's real peer.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import type { Message } from "../../handlers/contracts";
import { buildWorker } from "../../handlers/retry/build-worker";
import { DeadLetterSink } from "../../handlers/retry/ports";
import { WorkerSettings } from "../../handlers/retry/settings";
import { RetryWorker } from "../../handlers/retry/worker";
import { IdempotencyStore } from "../../handlers/stores/idempotency/port";
import { failingComplete } from "./idempotency-contract";
import { onEveryIdempotencyStore } from "./idempotency-peers";

const COPIES = 8;

const settings: WorkerSettings = {
    maxAttempts: 3,
    minBackoffMs: 1000,
    maxBackoffMs: 20_000,
    attemptTimeoutMs: 10_000,
    breaker: { consecutiveFailures: 1000, halfOpenAfterMs: 30_000 },
    idempotency: { ttlMs: 3_600_000, inProgressMs: 60_000, scope: "redelivery-test", store: { kind: "dynamodb", table: "unused" } },
    queue: { kind: "sqs", queueUrl: "https://sqs/queue", deadLetterQueueUrl: "https://sqs/dlq" },
};

const message = (id: string, attempt: number): Message => ({
    id,
    body: JSON.stringify({ orderId: id }),
    attributes: { "idempotency-key": id },
    attempt,
    receivedAt: new Date("2026-12-01T12:00:00Z"),
});

onEveryIdempotencyStore(
    (store) => `retry worker redelivery with ${store}`,
    (store: () => IdempotencyStore) => {
        const deadLetters: string[] = [];
        const sink: DeadLetterSink = { deadLetter: async (m) => void deadLetters.push(m.id) };
        /** One worker per function instance: each copy may land on another one. */
        const worker = (process: () => Promise<unknown>, records = store()): RetryWorker =>
            buildWorker(settings, process, {
                deadLetters: sink,
                scheduler: { defer: async () => ({ redelivers: true }) },
                idempotencyStore: records,
            });
        const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
            const { log, error } = console;
            console.log = console.error = () => undefined;
            try {
                return await fn();
            } finally {
                Object.assign(console, { log, error });
            }
        };
        beforeEach(() => (deadLetters.length = 0));

        it(`${COPIES} copies at once while the first runs: the work runs once, the others retry later and then replay it`, async () => {
            const id = `m-${randomUUID()}`;
            let calls = 0;
            let finish!: () => void;
            const running = new Promise<void>((resolve) => (finish = resolve));
            let started!: () => void;
            const firstStarted = new Promise<void>((resolve) => (started = resolve));
            const process = async () => {
                calls++;
                started();
                await running;
                return { charged: id };
            };
            const first = quietly(() => worker(process).handle(message(id, 1)));
            await firstStarted;
            const copies = await quietly(() =>
                Promise.all(Array.from({ length: COPIES - 1 }, () => worker(process).handle(message(id, 1)))),
            );
            finish();
            assert.deepEqual((await first).decision, { action: "done" }, "the copy that claimed the key did the work");
            for (const copy of copies) {
                assert.equal(copy.decision.action, "retry", "a copy arriving while the work runs is retried, not dead-lettered");
                assert.equal(copy.failed, true);
                assert.match(copy.decision.action === "retry" ? copy.decision.reason : "", /AlreadyInProgressError/);
            }
            const redelivered = await quietly(() => Promise.all(copies.map(() => worker(process).handle(message(id, 2)))));
            assert.deepEqual(
                redelivered.map((r) => [r.decision.action, r.failed]),
                Array(COPIES - 1).fill(["done", false]),
            );
            assert.equal(calls, 1);
            assert.deepEqual(deadLetters, []);
        });

        it(`${COPIES} copies racing from the start: exactly one runs the work`, async () => {
            const id = `m-${randomUUID()}`;
            let calls = 0;
            const process = async () => {
                calls++;
                return "ok";
            };
            const outcomes = await quietly(() => Promise.all(Array.from({ length: COPIES }, () => worker(process).handle(message(id, 1)))));
            assert.equal(calls, 1);
            assert.ok(
                outcomes.every((o) => o.decision.action === "done" || o.decision.action === "retry"),
                "each copy is done (it ran, or replayed the result) or retried while the winner ran; none dead-lettered",
            );
            assert.deepEqual(deadLetters, []);
        });

        it("a failing complete after the work succeeded: the message is done, and a later copy replays it, neither redone nor dead-lettered", async () => {
            const id = `m-${randomUUID()}`;
            let calls = 0;
            const process = async () => ({ call: ++calls });
            const first = await quietly(() => worker(process, failingComplete(store(), 2)).handle(message(id, 1)));
            assert.deepEqual([first.decision, first.failed], [{ action: "done" }, false]);
            const copy = await quietly(() => worker(process).handle(message(id, 1)));
            assert.deepEqual([copy.decision, copy.failed], [{ action: "done" }, false]);
            assert.equal(calls, 1);
            assert.deepEqual(deadLetters, []);
        });
    },
);
