/**
 * `cloud-patterns dev --smoke` on each dev stack: the stack's program evaluated under mocks, every
 * function started from the bundle its cloud would get, each pattern called once through its
 * local front door, the stores on their real peers (DynamoDB Local, the Firestore emulator). A
 * pattern that cannot run here (the Ambassador without an envoy binary, a read store with no
 * local peer) is a skip line naming why, never a pass.
 */
import * as assert from "node:assert/strict";
import { runDev } from "../../plan/dev/command";

async function smokeRun(stack: string, faults?: string): Promise<{ code: number; lines: string[] }> {
    let text = "";
    const code = await runDev({ stack, faults, smoke: true, stacksDir: "stacks", out: (t) => (text += t) });
    return { code, lines: text.split("\n") };
}

const outcome = (lines: string[], pattern: string) => lines.find((l) => new RegExp(`^(ok|FAIL|skip) +${pattern}: `).test(l));

describe("cloud-patterns dev --smoke", function () {
    this.timeout(240_000);

    for (const stack of ["aws-dev", "azure-dev", "gcp-dev"]) {
        it(`${stack}: every wired pattern answers as its docs say, the rest say why they are skipped`, async () => {
            const { code, lines } = await smokeRun(stack);
            assert.equal(code, 0, lines.join("\n"));
            assert.match(
                outcome(lines, "GatewayAggregation") ?? "",
                /^ok +GatewayAggregation: GET \/products\/1 -> 200 with product, reviews, recommendations; degraded: none$/,
            );
            assert.match(
                outcome(lines, "AntiCorruptionLayer") ?? "",
                /^ok +AntiCorruptionLayer: GET \/orders\/000123 -> 200; POST \/orders -> 201$/,
            );
            assert.match(outcome(lines, "Ambassador") ?? "", /^skip +Ambassador: .*envoy/);
            if (stack === "aws-dev")
                assert.match(
                    outcome(lines, "Retry") ?? "",
                    /^ok +Retry: POST \/enqueue -> 202; message \S+ processed after 1 delivery; downstream called 1 time, 1 succeeded; dead-letter queue empty$/,
                );
            else
                assert.match(
                    outcome(lines, "Retry") ?? "",
                    stack === "azure-dev" ? /^skip +Retry: .*Service Bus/ : /^skip +Retry: .*Cloud Tasks/,
                );
            // Five keys, each on the shard the map's jump hash picks, read back from there.
            if (stack === "azure-dev") assert.match(outcome(lines, "Sharding") ?? "", /^skip +Sharding: .*managed identity/);
            else
                assert.match(
                    outcome(lines, "Sharding") ?? "",
                    /^ok +Sharding: order-1001 -> shard-2, order-1002 -> shard-2, order-1003 -> shard-0, order-1004 -> shard-2, order-1005 -> shard-0 \(PUT, GET back, GET \/shards\/\{key\} for each\)$/,
                );
            assert.match(outcome(lines, "Cqrs") ?? "", /^skip +Cqrs: its read store is .* no local peer/);
            if (stack === "azure-dev") assert.match(outcome(lines, "EventSourcing") ?? "", /^skip +EventSourcing: .*managed identity/);
            else
                assert.match(
                    outcome(lines, "EventSourcing") ?? "",
                    /^ok +EventSourcing: open -> 201, deposit -> 201, the deposit again -> 409, GET -> 200 version 2 balance 200$/,
                );
            // The live log: the request through the front door, and each backend's call.
            assert.ok(
                lines.some((l) => /^\[gateway\] GET \/products\/1 -> 200 \(\d+ ms\)$/.test(l)),
                lines.join("\n"),
            );
            assert.ok(lines.some((l) => l === "[gateway] backend.recommendations GET /related/1 -> 200"));
            assert.ok(
                lines.some((l) => /^GatewayAggregation +GET \/products\/\{id\} +http:\/\/127\.0\.0\.1:\d+\/products\/\{id\}$/.test(l)),
            );
        });
    }

    it("with a failing optional backend, the gateway answers degraded (and the run still passes: that is the documented answer)", async () => {
        const { code, lines } = await smokeRun("aws-dev", "seed=3; backend.recommendations: status=503");
        assert.equal(code, 0, lines.join("\n"));
        assert.match(
            outcome(lines, "GatewayAggregation") ?? "",
            /^ok +GatewayAggregation: GET \/products\/1 -> 200 with product, reviews; degraded: recommendations$/,
        );
        assert.ok(lines.some((l) => l === "[gateway] backend.recommendations GET /related/1 -> 503 (fault injected)"));
    });

    it("with a failing required backend or legacy system, the answer is the documented 502 problem document", async () => {
        const { code, lines } = await smokeRun("gcp-dev", "backend.reviews: status=500; legacy: status=503");
        assert.equal(code, 0, lines.join("\n"));
        assert.match(outcome(lines, "GatewayAggregation") ?? "", /-> 502 \(required backend reviews failed: 502 expected\)$/);
        assert.match(outcome(lines, "AntiCorruptionLayer") ?? "", /GET \/orders\/000123 -> 502; POST \/orders -> 502$/);
    });

    it("refuses an unknown stack, naming the stacks there are", async () => {
        await assert.rejects(smokeRun("prod"), /unknown stack 'prod'; stacks in .*stacks: aws-dev, azure-dev, gcp-dev/);
    });
});
