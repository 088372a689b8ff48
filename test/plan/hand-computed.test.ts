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

    it("AWS: Lambda arm64 256 MB + HTTP API = $3.400005, $2.20 after the free tier", () => {
        const { priced, rows } = breakdown("aws", graphs.aws);
        assert.deepEqual(rows, [
            // 2M requests = 2 x $1.00 per 1M
            ["orders-api", "Requests (HTTP API) (first 300M requests)", 2, 1, 2],
            // the log group: no logs in this workload
            ["orders-aggregator-logs", "Data ingested", 0, 0.5, 0],
            ["orders-aggregator-logs", "Storage (30-day retention)", 0, 0.03, 0],
            // 2M x $0.20 per 1M; 2M x 0.15 s x 0.25 GB = 75,000 GB-s x $0.0000133334
            ["orders-aggregator", "Requests", 2, 0.2, 0.4],
            ["orders-aggregator", "Duration (arm64, 256 MB) (first 7500M GB-seconds)", 75000, 0.0000133334, 1.000005],
        ]);
        assert.equal(round(priced.monthlyCost), 3.400005);
        assert.equal(priced.idleMonthlyCost, 0);
        // free: 1M requests ($0.20) and all 75,000 GB-s of the 400,000 ($1.000005)
        assert.deepEqual(
            priced.freeTier.map((f) => [f.pool, round(f.credit)]),
            [
                ["aws:lambda.requests", 0.2],
                ["aws:lambda.duration", 1.000005],
            ],
        );
        // left: the API ($2.00) and the second million requests ($0.20)
        assert.equal(round(priced.monthlyCost - priced.freeTier.reduce((a, f) => a + f.credit, 0)), 2.2);
    });

    it("Azure: Flex Consumption 2048 MB + APIM Consumption = $22.60 with the execution price not found", () => {
        const { priced, rows } = breakdown("azure", graphs.azure);
        assert.deepEqual(rows, [
            // 2M x $3.50 per 1M calls
            ["orders-apim", "Calls (Consumption)", 2, 3.5, 7],
            ["ordersaggregatorsa", "Blob storage", 0, null, null],
            // executions: no sourced price -> shown, not counted
            ["orders-aggregator", "Executions (on demand)", 2, null, null],
            // 2M x 0.15 s x 2 GB instances = 600,000 GB-s x $0.000026
            ["orders-aggregator", "Execution time (on demand, 2048 MB instances)", 600000, 0.000026, 15.6],
        ]);
        assert.equal(round(priced.monthlyCost), 22.6);
        assert.deepEqual(priced.pricesNotFound, [
            "azure-native:storage:StorageAccount ordersaggregatorsa: Blob storage",
            "azure-native:web:WebApp orders-aggregator: Executions (on demand)",
        ]);
        assert.deepEqual(
            priced.freeTier.map((f) => [f.pool, round(f.credit)]),
            [["azure:apim.consumption.calls", 3.5]],
        );
    });

    it("GCP: Cloud Functions gen2 256 MiB + API Gateway = $8.6532, all of it inside the free tier", () => {
        const { priced, rows } = breakdown("gcp", graphs.gcp);
        assert.deepEqual(rows, [
            // 2M calls x $3.00 per 1M (the first 2M are free)
            ["orders-gateway", "Calls (first 1,000M calls)", 2, 3, 6],
            // 150 ms bills as 200 ms: 2M x 0.2 s = 400,000 s; 0.167 vCPU and 0.25 GiB
            ["orders-aggregator", "Requests", 2, 0.4, 0.8],
            ["orders-aggregator", "CPU (0.167 vCPU)", 66800, 0.000024, 1.6032],
            ["orders-aggregator", "Memory (256 MiB)", 100000, 0.0000025, 0.25],
            ["orders-aggregator-source", "Standard storage", 0, null, null],
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
        // 20M messages x 3 operations = 60M: 13M included, 47M x $0.80 per 1M = $37.60
        assert.deepEqual(
            bus.costComponents.map((c) => [c.name, round(c.monthlyQuantity), c.monthlyCost === null ? null : round(c.monthlyCost)]),
            [
                ["Base charge (Standard)", 730, 9.8112],
                ["Operations (first 13M operations)", 13, 0],
                ["Operations (over 13M operations)", 47, 37.6],
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
        // the per-pattern override wins: 3M messages x 3 requests = 9M
        assert.equal(byName.get("payments-queue")!.costComponents[0].monthlyQuantity, 9);
        assert.equal(byName.get("payments-worker")!.costComponents[0].monthlyQuantity, 3);
    });
});
