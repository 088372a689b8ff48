import { strict as assert } from "node:assert";
import { BrokenCircuitError, TaskCancelledError } from "cockatiel";
import { downstreamBreaker } from "../../handlers/retry/breaker";
import { classifyError, classifyResponse, parseRetryAfter } from "../../handlers/retry/classify";
import { DownstreamStatusError, PermanentError, TransientError } from "../../handlers/retry/errors";
import { RetryPolicy } from "../../handlers/retry/policy";

describe("retry: classifying outcomes", () => {
    const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

    it("retries 408, 429 and every 5xx; dead-letters every other 4xx", () => {
        for (const status of [408, 429, 500, 502, 503, 504])
            assert.equal(classifyResponse(response(status)).kind, "transient", String(status));
        for (const status of [400, 401, 403, 404, 409, 410, 422])
            assert.equal(classifyResponse(response(status)).kind, "permanent", String(status));
        assert.equal(classifyResponse(response(204)).kind, "success");
    });

    it("honours Retry-After in seconds and as an HTTP date", () => {
        const now = Date.parse("2026-11-25T12:00:00Z");
        assert.deepEqual(classifyResponse(response(429, { "retry-after": "30" }), now), {
            kind: "transient",
            reason: "DownstreamStatusError: downstream answered 429",
            retryAfterMs: 30_000,
        });
        assert.equal(parseRetryAfter("Wed, 25 Nov 2026 12:01:00 GMT", now), 60_000);
        assert.equal(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", now), undefined, "a date in the past");
        assert.equal(parseRetryAfter("soon", now), undefined);
    });

    it("treats timeouts, connection errors, an open circuit and TransientError as transient", () => {
        const refused = new TypeError("fetch failed", {
            cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
        });
        assert.match(classifyError(refused).reason, /^connection failed .*ECONNREFUSED/);
        assert.match(classifyError(new TaskCancelledError("Operation timed out after 10ms")).reason, /^timed out/);
        assert.match(classifyError(new DOMException("The operation was aborted due to timeout", "TimeoutError")).reason, /^timed out/);
        assert.match(classifyError(new BrokenCircuitError()).reason, /^circuit open/);
        assert.deepEqual(classifyError(new TransientError("busy", 5000)), {
            kind: "transient",
            reason: "TransientError: busy",
            retryAfterMs: 5000,
        });
    });

    it("treats validation errors as permanent: PermanentError, a body that is not JSON, a 4xx", () => {
        assert.equal(classifyError(new PermanentError("amount must be positive")).kind, "permanent");
        assert.equal(classifyError(catchSync(() => JSON.parse("{oops"))).kind, "permanent");
        assert.equal(classifyError(new DownstreamStatusError(422, undefined, "")).kind, "permanent");
    });
});

describe("retry: RetryPolicy (full jitter, capped, a maximum)", () => {
    const policy = new RetryPolicy({ maxAttempts: 5, minBackoffMs: 1000, maxBackoffMs: 8000 });

    it("draws each delay uniformly below min(cap, base * 2^(attempt-1))", () => {
        for (const [attempt, ceiling] of [
            [1, 1000],
            [2, 2000],
            [3, 4000],
            [4, 8000],
            [9, 8000],
        ] as const) {
            const delays = Array.from({ length: 400 }, () => policy.delayAfter(attempt));
            assert.ok(
                delays.every((d) => d >= 0 && d < ceiling),
                `attempt ${attempt}: all in [0, ${ceiling})`,
            );
            // Full jitter spreads over the whole range, not around the ceiling.
            assert.ok(Math.min(...delays) < ceiling * 0.1 && Math.max(...delays) > ceiling * 0.9, `attempt ${attempt}: spread`);
        }
    });

    it("retries a transient failure before the last attempt, dead-letters it on the last", () => {
        const transient = { kind: "transient", reason: "503" } as const;
        assert.equal(policy.decide(transient, 4).action, "retry");
        assert.deepEqual(policy.decide(transient, 5), { action: "dead-letter", reason: "gave up after 5 of 5 attempts: 503" });
    });

    it("dead-letters a permanent failure on the first attempt with its reason", () => {
        assert.deepEqual(policy.decide({ kind: "permanent", reason: "400 bad order" }, 1), {
            action: "dead-letter",
            reason: "permanent error on attempt 1: 400 bad order",
        });
    });

    it("waits at least Retry-After, but never past the cap", () => {
        const d1 = policy.decide({ kind: "transient", reason: "429", retryAfterMs: 5000 }, 1);
        assert.ok(d1.action === "retry" && d1.delayMs >= 5000 && d1.delayMs <= 8000);
        const d2 = policy.decide({ kind: "transient", reason: "429", retryAfterMs: 3_600_000 }, 1);
        assert.ok(d2.action === "retry" && d2.delayMs === 8000);
    });

    it("rejects maxAttempts < 1 and a min backoff above the max, naming the values", () => {
        assert.throws(
            () => new RetryPolicy({ maxAttempts: 0, minBackoffMs: 1, maxBackoffMs: 2 }),
            /maxAttempts must be an integer >= 1, got 0/,
        );
        assert.throws(
            () => new RetryPolicy({ maxAttempts: 3, minBackoffMs: 5000, maxBackoffMs: 1000 }),
            /minBackoffMs must be >= 0 and <= maxBackoffMs, got 5000 and 1000/,
        );
    });
});

describe("retry: the downstream circuit breaker", () => {
    it("opens after consecutive transient failures and stops calling the downstream; permanent errors do not count", async () => {
        const breaker = downstreamBreaker({ consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
        let calls = 0;
        const call = (err: Error) =>
            breaker
                .execute(async () => {
                    calls++;
                    throw err;
                })
                .catch((e: unknown) => e);
        for (let i = 0; i < 5; i++) await call(new PermanentError("bad"));
        assert.equal(calls, 5, "permanent errors pass through without opening");
        for (let i = 0; i < 3; i++) await call(new DownstreamStatusError(503, undefined, ""));
        assert.equal(calls, 8);
        const rejected = await call(new DownstreamStatusError(503, undefined, ""));
        assert.ok(rejected instanceof BrokenCircuitError);
        assert.equal(calls, 8, "open circuit: the downstream is not called");
        assert.equal(classifyError(rejected).kind, "transient", "the message stays to be retried");
    });
});

function catchSync(fn: () => unknown): unknown {
    try {
        fn();
    } catch (err) {
        return err;
    }
    throw new Error("did not throw");
}
