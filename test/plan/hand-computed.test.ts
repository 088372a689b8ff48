/**
 * Hand-computed monthly costs: Gateway Aggregation at 2M requests of 150 ms a month, on each
 * cloud, component by component. Every figure below is worked out by hand from plan/prices/*.json.
 */
import { strict as assert } from "node:assert";
import { priceResources } from "../../plan/price";
import type { RecordedResource } from "../../plan/mock-cloud";
import { CloudName } from "../../plan/types";
import { parseWorkload } from "../../plan/workload";
import { costRows, evaluateFixture, round } from "./fixture";

const workload = parseWorkload(JSON.stringify({ requests: 2_000_000, averageDurationMs: 150 }));

/** [resource name, component name, monthly quantity, unit price, monthly cost] for every component, price not found as null. */
function breakdown(cloud: CloudName, graph: RecordedResource[]) {
    const priced = priceResources(cloud, graph, workload);
    return {
        priced,
        rows: costRows(priced.resources),
    };
}

describe("plan: hand-computed costs, Gateway Aggregation at 2M requests x 150 ms", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let graphs: Record<CloudName, RecordedResource[]>;
    before(async () => {
        graphs = await evaluateFixture(["gatewayAggregation"]);
    });

    it("AWS: Lambda arm64 256 MB + HTTP API + its logs = $4.459183082, $3.259178082 after the free tier", () => {
        const { priced, rows } = breakdown("aws", graphs.aws);
        assert.deepEqual(rows, [
            // 2M requests = 2 x $1.00 per 1M (the account is far below the 300M tier)
            ["orders-api", "Requests (HTTP API)", 2, 1, 2],
            // 2M invocations x 1 KB of log lines = 2 GB x $0.50; kept 30 of 30.4167 days: 1.97260274 GB-months x $0.03
            ["orders-aggregator-logs", "Data ingested", 2, 0.5, 1],
            ["orders-aggregator-logs", "Storage (30-day retention)", 1.97260274, 0.03, 0.059178082],
            // 2M x $0.20 per 1M; 2M x 0.15 s x 0.25 GB = 75,000 GB-s x $0.0000133334
            ["orders-aggregator", "Requests", 2, 0.2, 0.4],
            ["orders-aggregator", "Duration (arm64, 256 MB)", 75000, 0.0000133334, 1.000005],
        ]);
        assert.equal(round(priced.monthlyCost), 4.459183082);
        assert.equal(priced.idleMonthlyCost, 0);
        // free: 1M requests ($0.20) and all 75,000 GB-s of the 400,000 ($1.000005)
        assert.deepEqual(
            priced.freeTier.map((f) => [f.pool, round(f.credit)]),
            [
                ["aws:lambda.requests", 0.2],
                ["aws:lambda.duration", 1.000005],
            ],
        );
        assert.equal(round(priced.monthlyCost - priced.freeTier.reduce((a, f) => a + f.credit, 0)), 3.259178082);
    });

    // Was $22.60 "at least": the execution price was not found and each 150 ms execution was billed
    // 150 ms. Flex Consumption bills each execution period at least 1,000 ms (then in 100 ms steps).
    it("Azure: Flex Consumption 2048 MB billed 1,000 ms an execution + APIM Consumption = $111.80, $105.60 after the subscription's grants", () => {
        const { priced, rows } = breakdown("azure", graphs.azure);
        assert.deepEqual(rows, [
            // 2M x $3.50 per 1M calls
            ["orders-apim", "Calls (Consumption)", 2, 3.5, 7],
            // the deployment package's blob: no stored data in this workload
            ["ordersaggregatorsa", "Blob storage", 0, 0.0208, 0],
            // 2M x $0.40 per 1M executions
            ["orders-aggregator", "Executions (on demand)", 2, 0.4, 0.8],
            // 150 ms bills as the 1,000 ms minimum: 2M x 1 s x 2 GB = 4,000,000 GB-s x $0.000026
            ["orders-aggregator", "Execution time (on demand, 2048 MB instances, 150 ms billed as 1000 ms)", 4000000, 0.000026, 104],
        ]);
        assert.equal(round(priced.monthlyCost), 111.8);
        assert.equal(
            priced.monthlyCost,
            priced.resources.reduce((a, r) => a + r.monthlyCost, 0),
        );
        assert.deepEqual(priced.pricesNotFound, []);
        // once a subscription: 1M APIM calls ($3.50), 250,000 executions ($0.10), 100,000 GB-s ($2.60)
        assert.deepEqual(
            priced.freeTier.map((f) => [f.pool, round(f.credit)]),
            [
                ["azure:apim.consumption.calls", 3.5],
                ["azure:functions.flex.executions", 0.1],
                ["azure:functions.flex.duration", 2.6],
            ],
        );
        assert.equal(round(priced.monthlyCost - priced.freeTier.reduce((a, f) => a + f.credit, 0)), 105.6);
    });

    it("GCP: Cloud Functions gen2 256 MiB + API Gateway = $8.6532, all of it inside the free tier", () => {
        const { priced, rows } = breakdown("gcp", graphs.gcp);
        assert.deepEqual(rows, [
            // 2M calls x $3.00 per 1M (the first 2M are free)
            ["orders-gateway", "Calls", 2, 3, 6],
            // 150 ms bills as 200 ms: 2M x 0.2 s = 400,000 s; 0.167 vCPU and 0.25 GiB
            ["orders-aggregator", "Requests", 2, 0.4, 0.8],
            ["orders-aggregator", "CPU (0.167 vCPU)", 66800, 0.000024, 1.6032],
            ["orders-aggregator", "Memory (256 MiB)", 100000, 0.0000025, 0.25],
            ["orders-aggregator-source", "Standard storage", 0, 0.02, 0],
        ]);
        assert.equal(round(priced.monthlyCost), 8.6532);
        const credit = priced.freeTier.reduce((a, f) => a + f.credit, 0);
        assert.equal(round(priced.monthlyCost - credit), 0);
    });

    it("every other resource is free by nature and says why", () => {
        for (const cloud of ["aws", "azure", "gcp"] as const) {
            const { priced } = breakdown(cloud, graphs[cloud]);
            for (const r of priced.resources.filter((x) => x.costComponents.length === 0)) {
                assert.equal(r.pricing, "free", `${cloud} ${r.type}`);
                assert.ok(r.note && r.note.length > 3, `${cloud} ${r.type} has a reason`);
            }
        }
    });
});

describe("plan: idle cost and per-pattern workloads", function () {
    this.timeout(600_000);
    let graphs: Record<CloudName, RecordedResource[]>;
    before(async () => {
        graphs = await evaluateFixture(["retry"]);
    });

    it("a Service Bus Standard namespace costs its base charge when idle: 730 h x $0.01344 = $9.8112", () => {
        const priced = priceResources("azure", graphs.azure, parseWorkload(JSON.stringify({ messages: 20_000_000 })));
        assert.equal(round(priced.idleMonthlyCost), 9.8112);
        const bus = priced.resources.find((r) => r.type === "azure-native:servicebus:Namespace")!;
        // 20M messages x 3 operations = 60M: 13M included, 47M x $0.80 per 1M = $37.60, a mean $0.62666... per 1M
        assert.deepEqual(
            bus.costComponents.map((c) => [c.name, round(c.monthlyQuantity), c.monthlyCost === null ? null : round(c.monthlyCost)]),
            [
                ["Base charge (Standard)", 730, 9.8112],
                ["Operations", 60, 37.6],
            ],
        );
    });

    it("the dead-letter queue sees no traffic; the worker is invoked once per message", () => {
        const priced = priceResources(
            "aws",
            graphs.aws,
            parseWorkload(JSON.stringify({ messages: 1_000_000, patterns: { retry: { messages: 3_000_000 } } })),
        );
        const byName = new Map(priced.resources.map((r) => [r.name, r]));
        assert.equal(byName.get("payments-dlq")!.costComponents[0].monthlyQuantity, 0);
        // the per-pattern override wins: 3M sends, and 3M / 10 receives and as many batch deletes = 3.6M requests
        assert.equal(round(byName.get("payments-queue")!.costComponents[0].monthlyQuantity), 3.6);
        assert.equal(byName.get("payments-worker")!.costComponents[0].monthlyQuantity, 3);
    });
});
