/** The worker loop's edges: breaker, attempt timeout, the spare attempt, a failing dead-letter sink. */
import { strict as assert } from "node:assert";
import { Message } from "../../handlers/contracts";
import { downstreamBreaker } from "../../handlers/retry/breaker";
import { DownstreamStatusError } from "../../handlers/retry/errors";
import { RetryPolicy } from "../../handlers/retry/policy";
import { DeadLetterSink, ProcessFn, RetryScheduler } from "../../handlers/retry/ports";
import { RetryWorker } from "../../handlers/retry/worker";

const msg = (id: string, attempt = 1): Message => ({ id, body: "{}", attempt, receivedAt: new Date(0), attributes: {} });

function harness(process: ProcessFn, options: { failingSink?: boolean; timeoutMs?: number } = {}) {
    const deadLetters: { id: string; reason: string }[] = [];
    const deferred: { id: string; delayMs: number }[] = [];
    const sink: DeadLetterSink = {
        deadLetter: async (m, reason) => {
            if (options.failingSink) throw new Error("dead-letter queue unreachable");
            deadLetters.push({ id: m.id, reason });
        },
    };
    const scheduler: RetryScheduler = { defer: async (m, delayMs) => (deferred.push({ id: m.id, delayMs }), { redelivers: true }) };
    const worker = new RetryWorker({
        process,
        policy: new RetryPolicy({ maxAttempts: 3, minBackoffMs: 100, maxBackoffMs: 1000 }),
        breaker: downstreamBreaker({ consecutiveFailures: 2, halfOpenAfterMs: 60_000 }),
        attemptTimeoutMs: options.timeoutMs ?? 1000,
        deadLetters: sink,
        scheduler,
        log: () => undefined,
    });
    return { worker, deadLetters, deferred };
}

describe("retry worker loop", () => {
    it("stops calling a failing downstream once the breaker opens, and leaves those messages to retry", async () => {
        let calls = 0;
        const { worker, deadLetters, deferred } = harness(async () => {
            calls++;
            throw new DownstreamStatusError(503, undefined, "");
        });
        const failed = await worker.handleBatch([msg("a"), msg("b")]);
        assert.deepEqual(failed.sort(), ["a", "b"]);
        assert.equal(calls, 2);
        const d = await worker.handle(msg("c"));
        assert.equal(calls, 2, "the open circuit kept the downstream from being called");
        assert.equal(d.failed, true);
        assert.equal(d.decision.action, "retry");
        assert.match(d.decision.action === "retry" ? d.decision.reason : "", /^circuit open/);
        assert.deepEqual(deadLetters, []);
        assert.equal(deferred.length, 3);
    });

    it("counts an attempt past its time limit as a transient timeout, and aborts it", async () => {
        let aborted = false;
        const { worker } = harness(
            (_m, { signal }) =>
                new Promise((_resolve, reject) => {
                    signal.addEventListener("abort", () => {
                        aborted = true;
                        reject(new Error("aborted"));
                    });
                }),
            { timeoutMs: 20 },
        );
        const d = await worker.handle(msg("slow"));
        assert.equal(d.decision.action, "retry");
        assert.match(d.decision.action === "retry" ? d.decision.reason : "", /^timed out/);
        assert.ok(aborted, "the attempt's signal was aborted");
    });

    it("dead-letters a delivery past maxAttempts without calling the downstream (the last attempt crashed)", async () => {
        let calls = 0;
        const { worker, deadLetters } = harness(async () => void calls++);
        const d = await worker.handle(msg("late", 4));
        assert.equal(calls, 0);
        assert.equal(d.failed, false);
        assert.match(deadLetters[0].reason, /^permanent error on attempt 4: delivered for attempt 4 after the last allowed \(3\)/);
    });

    it("leaves a message on the queue when the dead-letter sink fails, instead of acknowledging it", async () => {
        const { worker } = harness(async () => Promise.reject(new DownstreamStatusError(400, undefined, "bad")), { failingSink: true });
        assert.deepEqual(await worker.handleBatch([msg("bad")]), ["bad"]);
    });
});
