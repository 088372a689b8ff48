/**
 * `cloud-patterns dev --smoke` on each dev stack: the stack's program evaluated under mocks, every
 * function started from the bundle its cloud would get, each pattern called once through its
 * local front door, the stores on their real peers (DynamoDB Local, the local Cosmos DB peer, the
 * Firestore emulator, the Spanner emulator). CQRS's read model is a local stand-in for OpenSearch,
 * AI Search or BigQuery (none runs here), and Event Grid's topic a local endpoint (no emulator
 * exists); the run says so. A pattern that cannot
 * run here (the Ambassador without an envoy binary) is a skip line naming why, never a pass.
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

    /** What every dev stack's run shows, whatever its cloud. */
    function assertStackRun(stack: string, code: number, lines: string[], faults?: string) {
        assert.equal(code, 0, lines.join("\n"));
        // Read-your-writes on every cloud: the PUT's version is asked for; 503 while the change has not reached the read
        // model's stand-in (none of the three read stores runs here, and the run says so), then 200.
        const readStore = { "aws-dev": "OpenSearch", "azure-dev": "AI Search", "gcp-dev": "BigQuery" }[stack];
        assert.match(
            outcome(lines, "Cqrs") ?? "",
            new RegExp(
                `^ok +Cqrs: PUT /products/smoke-\\d+ -> 201 \\(version 1\\); GET /products/smoke-\\d+\\?minVersion=1 -> (503 \\(not yet projected\\) x\\d+, then )?200 with the document \\(read model: local stand-in for ${readStore}\\)$`,
            ),
        );
        assert.ok(
            lines.some((l) => l.startsWith(`[catalog] read model: local stand-in for ${readStore}`)),
            lines.join("\n"),
        );
        assert.match(
            outcome(lines, "GatewayAggregation") ?? "",
            /^ok +GatewayAggregation: GET \/products\/1 -> 200 with product, reviews, recommendations; degraded: none$/,
        );
        assert.match(
            outcome(lines, "AntiCorruptionLayer") ?? "",
            /^ok +AntiCorruptionLayer: GET \/orders\/000123 -> 200; POST \/orders -> 201$/,
        );
        assert.match(outcome(lines, "Ambassador") ?? "", /^skip +Ambassador: .*envoy/);
        // GCP's worker dead-letters to a Pub/Sub topic; SQS and Service Bus have dead-letter queues. Retry under
        // queue faults has its own test (test/dev/retry-gcp-azure.test.ts).
        assert.match(
            outcome(lines, "Retry") ?? "",
            faults?.includes("queue:")
                ? /^ok +Retry: /
                : /^ok +Retry: POST \/enqueue -> 202; message \S+ processed after 1 delivery; downstream called 1 time, 1 succeeded; dead-letter (queue|topic) empty$/,
        );
        // Five keys, each on the shard the map's jump hash picks, read back from there (on Azure from the Cosmos DB peer).
        assert.match(
            outcome(lines, "Sharding") ?? "",
            /^ok +Sharding: order-1001 -> shard-2, order-1002 -> shard-2, order-1003 -> shard-0, order-1004 -> shard-2, order-1005 -> shard-0 \(PUT, GET back, GET \/shards\/\{key\} for each\)$/,
        );
        // Exactly the acknowledged appends: one of the concurrent deposits on version 2 wins, the others get 409.
        assert.match(
            outcome(lines, "EventSourcing") ?? "",
            /^ok +EventSourcing: open -> 201, deposit -> 201, the deposit again -> 409, 4 concurrent deposits -> 1 x 201 \+ 3 x 409, GET -> 200 version 3 balance 250, stored 3 events, exactly the acknowledged appends/,
        );
        // The live log: the request through the front door, and each backend's call.
        assert.ok(
            lines.some((l) => /^\[gateway\] GET \/products\/1 -> 200 \(\d+ ms\)$/.test(l)),
            lines.join("\n"),
        );
        assert.ok(lines.some((l) => l === "[gateway] backend.recommendations GET /related/1 -> 200"));
        assert.ok(lines.some((l) => /^GatewayAggregation +GET \/products\/\{id\} +http:\/\/127\.0\.0\.1:\d+\/products\/\{id\}$/.test(l)));
    }

    it("aws-dev: every wired pattern answers as its docs say; CQRS reads its own write once projected from the table's stream", async () => {
        const { code, lines } = await smokeRun("aws-dev");
        assertStackRun("aws-dev", code, lines);
        assert.ok(
            lines.some((l) => /^\[catalog\] projection: stream record INSERT smoke-\d+ v1 -> projected$/.test(l)),
            lines.join("\n"),
        );
        assert.match(outcome(lines, "EventSourcing") ?? "", /exactly the acknowledged appends$/);
    });

    it("azure-dev: Event Sourcing keeps exactly the acknowledged appends under duplicated deliveries (every change-feed batch delivered twice)", async () => {
        const faults = "seed=5; queue: duplicate=1";
        const { code, lines } = await smokeRun("azure-dev", faults);
        assertStackRun("azure-dev", code, lines, faults);
        // Each of the 3 acknowledged events reached the topic twice, and no other event did.
        assert.match(
            outcome(lines, "EventSourcing") ?? "",
            /exactly the acknowledged appends, published 3 distinct events in 6 deliveries, each an acknowledged append$/,
        );
        // How many documents a poll finds together depends on how fast the appends land: any batch size.
        assert.ok(
            lines.some((l) =>
                /^\[accounts\] change feed: the same \d+ document\(s\) delivered again \(fault injected: queue duplicate\)$/.test(l),
            ),
            lines.join("\n"),
        );
        assert.ok(!lines.some((l) => l.startsWith("--faults queue: not applied")), lines.join("\n"));
        // CQRS on the Cosmos DB peer's change feed: the projector made the AI Search stand-in's index and wrote the document.
        assert.ok(lines.includes("[catalog] read model PUT /indexes/products -> 201"), lines.join("\n"));
        assert.ok(lines.includes("[catalog] read model POST /indexes/products/docs/search.index -> 200"), lines.join("\n"));
    });

    it("gcp-dev: every wired pattern answers as its docs say; CQRS's change stream reaches the projector through Pub/Sub", async () => {
        const { code, lines } = await smokeRun("gcp-dev");
        assertStackRun("gcp-dev", code, lines);
        // The Dataflow template's stand-in publishes the change stream's record; Eventarc's push takes it to the projector.
        assert.ok(
            lines.some((l) =>
                /^\[catalog\] change stream: INSERT \{"Id":"smoke-\d+"\} at \S+ -> projects\/\S+\/topics\/\S+ \(message \S+\)$/.test(l),
            ),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) => /^\[catalog\] eventarc: message \S+ -> projector 204 \(acknowledged\)$/.test(l)),
            lines.join("\n"),
        );
        assert.ok(
            lines.some((l) => /^\[catalog\] read model POST \/bigquery\/v2\/projects\/\S+\/insertAll -> 200$/.test(l)),
            lines.join("\n"),
        );
    });

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
