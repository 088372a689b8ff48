/**
 * `cloud-patterns dev --smoke --faults` for Retry on GCP and Azure (docs/patterns/retry.md), on
 * the real bundles: the GCP functions with the local Cloud Tasks, the metadata server, the Pub/Sub
 * and Firestore emulators; the Azure functions with the Service Bus stand-in (no Service Bus
 * emulator runs here: its rules are Microsoft's documented ones, test/dev/service-bus-namespace.test.ts),
 * the managed identity and the local Cosmos DB peer. A permanent error (a 4xx from the downstream)
 * is sent once and dead-lettered; a transient one (a 5xx, or on GCP the Firestore records
 * throttled on every call) is attempted exactly `maxAttempts` times (5 in the dev stacks) and then
 * dead-lettered; a duplicated delivery charges once. The stacks (test/dev/stacks) are gcp-dev's
 * and azure-dev's Retry alone, so a run starts only the peers Retry needs.
 */
import * as assert from "node:assert/strict";
import { runDev } from "../../plan/dev/command";

async function smokeRun(stack: string, faults: string): Promise<string[]> {
    let text = "";
    const code = await runDev({
        stack,
        faults,
        smoke: true,
        stacksDir: "test/dev/stacks",
        program: "stacks/index.ts",
        out: (t) => (text += t),
    });
    assert.equal(code, 0, text);
    return text.split("\n");
}

const retryLine = (lines: string[]) => lines.find((l) => /^(ok|FAIL|skip) +Retry: /.test(l)) ?? lines.join("\n");
/** The worker's own log entries of one kind, in order. */
const workerEntries = (lines: string[], msg: string) =>
    lines
        .filter((l) => l.startsWith("[retry] retry-worker: {"))
        .map((l) => JSON.parse(l.slice("[retry] retry-worker: ".length)) as { msg: string; attempt: number })
        .filter((e) => e.msg === msg);

/** The smoke line of a message the worker dead-lettered after the downstream answered `status` every time (maxAttempts 5). */
function assertWorkerDeadLettered(lines: string[], status: 404 | 503): void {
    const [deliveries, reason, calls] =
        status === 404
            ? ["1 delivery", "permanent error on attempt 1", "1 time"]
            : ["5 deliveries", "gave up after 5 of 5 attempts", "5 times"];
    const line = retryLine(lines);
    assert.ok(line.startsWith("ok    Retry: POST /enqueue -> 202; message "), line);
    assert.ok(
        line.includes(` dead-lettered by the worker after ${deliveries} (${reason}: DownstreamStatusError: downstream answered ${status}`),
        line,
    );
    assert.ok(line.endsWith(`; downstream called ${calls}`), line);
}

describe("cloud-patterns dev --smoke --faults: Retry on GCP", function () {
    this.timeout(900_000);

    it("a permanent error is sent once and published to the dead-letter topic", async () => {
        const lines = await smokeRun("gcp-retry", "seed=2; downstream: status=404");
        assertWorkerDeadLettered(lines, 404);
        assert.equal(lines.filter((l) => /^\[retry\] dead-letter topic \S+: received /.test(l)).length, 1);
        // The worker answers 2xx once the letter is published, so Cloud Tasks deletes the task.
        assert.equal(
            lines.filter((l) => /^\[retry\] cloud tasks \S+: dispatched \d+, attempt 1 \(X-CloudTasks-TaskRetryCount 0\) -> 204$/.test(l))
                .length,
            1,
        );
        assert.ok(lines.some((l) => l === "[retry] metadata server: access token for the default service account"));
    });

    it("a transient error is attempted maxAttempts times, at the queue's backoff (1, 2, 4, 8 s), then dead-lettered", async () => {
        const lines = await smokeRun("gcp-retry", "seed=3; downstream: status=503");
        assertWorkerDeadLettered(lines, 503);
        assert.deepEqual(
            lines.flatMap((l) => {
                const m = /: dispatched \d+, attempt \d+ \(X-CloudTasks-TaskRetryCount (\d+)\) -> (\d+)$/.exec(l);
                return m ? [`${m[1]}:${m[2]}`] : [];
            }),
            ["0:500", "1:500", "2:500", "3:500", "4:204"],
        );
        // minBackoff 1 s, maxBackoff 300 s, maxDoublings 9 (components/retry/gcp.ts): Google's formula doubles from 1 s.
        assert.deepEqual(
            lines.flatMap((l) => /: \d+ retried in (\S+) s \(retry \d+, the queue's backoff\)$/.exec(l)?.slice(1) ?? []),
            ["1", "2", "4", "8"],
        );
        assert.deepEqual(
            workerEntries(lines, "will retry").map((e) => e.attempt),
            [1, 2, 3, 4],
        );
        assert.equal(lines.filter((l) => /^\[retry\] dead-letter topic \S+: received /.test(l)).length, 1);
    });

    it("idempotency records the Firestore emulator throttles on every call: maxAttempts attempts, the downstream never called", async () => {
        const lines = await smokeRun("gcp-retry", "seed=4; store: throttle=1");
        assert.match(
            retryLine(lines),
            /^ok +Retry: POST \/enqueue -> 202; message \d+ dead-lettered by the worker after 5 deliveries \(gave up after 5 of 5 attempts: .*\); downstream called 0 times$/,
        );
        assert.ok(lines.some((l) => /^\[retry\] store \S+ \S+ -> throttled \(fault injected\)$/.test(l)));
        assert.ok(!lines.some((l) => l.startsWith("--faults store: not applied")));
    });

    it("every dispatch duplicated: the payment is charged once", async () => {
        const lines = await smokeRun("gcp-retry", "seed=5; queue: duplicate=1");
        assert.match(
            retryLine(lines),
            /^ok +Retry: POST \/enqueue -> 202; message \d+ processed after \d+ deliveries; downstream called 1 time, 1 succeeded; dead-letter topic empty$/,
        );
        assert.ok(lines.some((l) => /: \d+ dispatched twice \(fault injected\)$/.test(l)));
    });
});

describe("cloud-patterns dev --smoke --faults: Retry on Azure", function () {
    this.timeout(900_000);

    it("the run says Service Bus is a local stand-in; a permanent error is sent once and sent to the dead-letter queue", async () => {
        const lines = await smokeRun("azure-retry", "seed=2; downstream: status=404");
        assert.ok(
            lines.some((l) =>
                /^\[retry\] Service Bus has no local emulator: namespace \S+ is a local stand-in at http:\/\/127\.0\.0\.1:\d+ /.test(l),
            ),
        );
        assertWorkerDeadLettered(lines, 404);
        assert.equal(lines.filter((l) => /^\[retry\] service bus dead-letters: received \S+:dead-letter /.test(l)).length, 1);
        assert.ok(lines.some((l) => l === "[retry] managed identity: token for https://servicebus.azure.net"));
    });

    it("a transient error is attempted maxAttempts times through scheduled copies, then dead-lettered", async () => {
        const lines = await smokeRun("azure-retry", "seed=3; downstream: status=503");
        assertWorkerDeadLettered(lines, 503);
        // Each retry is a copy scheduled on the work queue (ScheduledEnqueueTimeUtc), carrying the attempts made so far.
        assert.deepEqual(
            lines.flatMap((l) => /^\[retry\] service bus work: received \S+:attempt-(\d+), scheduled for \S+$/.exec(l)?.slice(1) ?? []),
            ["2", "3", "4", "5"],
        );
        assert.deepEqual(
            workerEntries(lines, "will retry").map((e) => e.attempt),
            [1, 2, 3, 4],
        );
        assert.equal(lines.filter((l) => /^\[retry\] service bus dead-letters: received /.test(l)).length, 1);
    });

    it("idempotency records the Cosmos DB peer throttles on every call: maxAttempts attempts, the downstream never called", async () => {
        const lines = await smokeRun("azure-retry", "seed=4; store: throttle=1");
        assert.match(
            retryLine(lines),
            /^ok +Retry: POST \/enqueue -> 202; message \S+ dead-lettered by the worker after 5 deliveries \(.*\); downstream called 0 times$/,
        );
        assert.ok(lines.some((l) => /^\[retry\] store \S+ \S+ -> throttled \(fault injected\)$/.test(l)));
        assert.ok(!lines.some((l) => l.startsWith("--faults store: not applied")));
    });

    it("every lock lost during the invocation: maxDeliveryCount deliveries, the payment charged once, then the queue dead-letters it", async () => {
        const lines = await smokeRun("azure-retry", "seed=5; queue: duplicate=1");
        assert.match(
            retryLine(lines),
            /^ok +Retry: POST \/enqueue -> 202; message \S+ dead-lettered by the queue's maxDeliveryCount after 5 deliveries \(MaxDeliveryCountExceeded\); downstream called 1 time$/,
        );
        assert.deepEqual(
            lines.flatMap(
                (l) => /^\[retry\] service bus work: \S+ \(delivery (\d) of maxDeliveryCount 5\) lost its lock/.exec(l)?.slice(1) ?? [],
            ),
            ["1", "2", "3", "4", "5"],
        );
        assert.ok(
            lines.some((l) =>
                /dead-lettered \(MaxDeliveryCountExceeded after 5 deliveries, maxDeliveryCount 5\); forwarded to dead-letters$/.test(l),
            ),
        );
    });
});
