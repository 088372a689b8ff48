/**
 * `cloud-patterns dev --smoke --faults` on aws-dev, for what Retry and Sharding promise under
 * faults (docs/patterns/retry.md, sharding.md), on the real bundles, the local SQS and DynamoDB
 * Local: a permanent error (a 4xx from the downstream) is sent once and dead-lettered; a
 * transient one (the idempotency store throttled on every call) is retried to exactly
 * `maxAttempts` deliveries and then dead-lettered; the router answers a throttled store with its
 * retryable 500 problem document. Deliveries and dead letters are counted by the local queue.
 */
import * as assert from "node:assert/strict";
import { runDev } from "../../plan/dev/command";

async function smokeRun(faults: string): Promise<string[]> {
    let text = "";
    const code = await runDev({ stack: "aws-dev", faults, smoke: true, stacksDir: "stacks", out: (t) => (text += t) });
    const lines = text.split("\n");
    assert.equal(code, 0, text);
    return lines;
}

const outcome = (lines: string[], pattern: string) => lines.find((l) => new RegExp(`^(ok|FAIL|skip) +${pattern}: `).test(l)) ?? "";

describe("cloud-patterns dev --smoke --faults: Retry and Sharding under faults", function () {
    this.timeout(900_000);

    it("Retry dead-letters after exactly maxAttempts with a permanent error sent once", async () => {
        const permanent = await smokeRun("seed=2; downstream: status=404");
        // maxAttempts is 5 in aws-dev; a 404 is permanent: one delivery, one downstream call, one dead letter.
        assert.match(
            outcome(permanent, "Retry"),
            /^ok +Retry: POST \/enqueue -> 202; message \S+ dead-lettered by the worker after 1 delivery \(permanent error on attempt 1: DownstreamStatusError: downstream answered 404.*\); downstream called 1 time$/,
        );
        assert.equal(permanent.filter((l) => /^\[retry\] dead-letter queue \S+: received /.test(l)).length, 1);
        assert.equal(permanent.filter((l) => l === "[retry] downstream POST /charge -> 404 (fault injected)").length, 1);

        const transient = await smokeRun("seed=4; store: throttle=1");
        assert.match(
            outcome(transient, "Retry"),
            /^ok +Retry: POST \/enqueue -> 202; message \S+ dead-lettered by the worker after 5 deliveries \(gave up after 5 of 5 attempts: ProvisionedThroughputExceededException: .*\); downstream called 0 times$/,
        );
        // Retried after throttling: attempts 1 to 4 each scheduled again, then one dead letter.
        const retried = transient.filter((l) => l.startsWith("[retry] retry-worker: ") && l.includes('"msg":"will retry"'));
        assert.deepEqual(
            retried.map((l) => (JSON.parse(l.slice("[retry] retry-worker: ".length)) as { attempt: number }).attempt),
            [1, 2, 3, 4],
        );
        assert.ok(retried.every((l) => l.includes("ProvisionedThroughputExceededException")));
        assert.equal(transient.filter((l) => /^\[retry\] dead-letter queue \S+: received /.test(l)).length, 1);
        // The router's documented answer to a store that refuses: 500, "it can be retried", per key.
        assert.match(
            outcome(transient, "Sharding"),
            /; store calls \d+, throttled \d+, held 0; 500 \(retryable\) for order-1001, order-1002, order-1003, order-1004, order-1005: the store refused$/,
        );
        assert.ok(!transient.some((l) => l.startsWith("--faults store: not applied")));
    });
});
