/**
 * Per-pattern workload profiles reach each resource through the pattern's roles (the real
 * components on AWS, hand-computed), lower bounds only where a missing price has a quantity,
 * prices said against the stack's region, and stacks that share a workload compared once.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateStacks } from "../../plan/compare";
import { evaluateInChild } from "../../plan/evaluate-stack";
import type { RecordedResource } from "../../plan/mock-cloud";
import { lowerBound, priceResources } from "../../plan/price";
import { priceRegionNote } from "../../plan/render/format";
import type { CostComponent, PricedResource } from "../../plan/types";
import { parseWorkload } from "../../plan/workload";
import { round } from "./fixture";

const ROOT = join(__dirname, "..", "..");

describe("plan: per-pattern profiles through the patterns' roles (real components on AWS)", function () {
    this.timeout(600_000);
    let graph: RecordedResource[];
    before(async () => {
        graph = await evaluateInChild(
            join(ROOT, "stacks", "index.ts"),
            {
                "cloud-patterns:cloud": "aws",
                "aws:region": "eu-west-1",
                "cloud-patterns:retry": JSON.stringify({ targetUrl: "https://pay.example.com/charge", idempotency: { ttlSeconds: 3600 } }),
                "cloud-patterns:eventSourcing": JSON.stringify({ store: "native", snapshotEvery: 50 }),
            },
            "profiles",
        );
    });
    const profile = parseWorkload(
        JSON.stringify({
            averageDurationMs: 120,
            patterns: {
                retry: { messages: 1_000_000 },
                eventSourcing: { requests: 400_000, events: 400_000, reads: 2_000_000, storageGb: 10 },
            },
        }),
    );
    const component = (resources: PricedResource[], name: RegExp, component: string) =>
        resources.find((r) => name.test(r.name))!.costComponents.find((c) => c.name.startsWith(component))!;

    it("Retry: the idempotency table holds messages x TTL, gets 2 writes a message; SQS counts batches of 10; each function runs once a message", () => {
        const { resources } = priceResources("aws", graph, profile);
        // 1M a month x 3,600 s / 2,628,000 s = 1,369.86 records of 1 KB = 0.00136986 GB (not the profile's storage)
        assert.equal(round(component(resources, /^retry-records$/, "Data storage").monthlyQuantity), 0.001369863);
        assert.equal(component(resources, /^retry-records$/, "Write request units").monthlyQuantity, 2);
        assert.equal(component(resources, /^retry-records$/, "Read request units").monthlyQuantity, 0);
        // 1M sends + 100K receives + 100K batch deletes = 1.2M requests x $0.40 = $0.48
        const queue = component(resources, /^retry-queue$/, "Requests");
        assert.deepEqual([round(queue.monthlyQuantity), round(queue.monthlyCost!)], [1.2, 0.48]);
        assert.equal(component(resources, /^retry-dead-letters$/, "Requests").monthlyQuantity, 0);
        assert.equal(component(resources, /^retry-enqueue-function$/, "Requests").monthlyQuantity, 1);
        assert.equal(component(resources, /^retry-worker-function$/, "Requests").monthlyQuantity, 1);
        // 1M invocations x 1 KB of log lines = 1 GB into each function's log group
        assert.equal(component(resources, /^retry-worker-logs$/, "Data ingested").monthlyQuantity, 1);
    });

    it("Event Sourcing: the events table takes every event and the stored data; the snapshots table one in snapshotEvery", () => {
        const { resources } = priceResources("aws", graph, profile);
        assert.equal(component(resources, /^accounts-events$/, "Write request units").monthlyQuantity, 0.4);
        assert.equal(component(resources, /^accounts-events$/, "Read request units").monthlyQuantity, 2);
        assert.equal(component(resources, /^accounts-events$/, "Data storage").monthlyQuantity, 10);
        // PITR is on: billed on the table's size, $0.20 a GB
        assert.equal(round(component(resources, /^accounts-events$/, "Point-in-time recovery").monthlyCost!), 2);
        // 400K events / 50 = 8,000 snapshot writes; one snapshot read a command; 10 GB / 50 stored
        assert.equal(round(component(resources, /^accounts-snapshots$/, "Write request units").monthlyQuantity), 0.008);
        assert.equal(component(resources, /^accounts-snapshots$/, "Read request units").monthlyQuantity, 0.4);
        assert.equal(round(component(resources, /^accounts-snapshots$/, "Data storage").monthlyQuantity), 0.2);
        // the pipe reads the table's stream in its batches of 10: 40,000 stream reads x $0.20 per 1M
        assert.equal(round(component(resources, /-pipe$/, "Stream reads").monthlyQuantity), 0.04);
        // the command API sees the pattern's own 400K requests, not another pattern's
        assert.equal(component(resources, /^accounts-api-api$/, "Requests").monthlyQuantity, 0.4);
    });

    it("says which region's price a line uses when it is not the stack's", () => {
        const { resources } = priceResources("aws", graph, profile);
        const queue = component(resources, /^retry-queue$/, "Requests");
        assert.equal(queue.priceRegion, "us-east-1");
        assert.equal(priceRegionNote(queue, "eu-west-1"), " (us-east-1 price)");
        assert.equal(priceRegionNote(queue, "us-east-1"), "");
        assert.equal(priceRegionNote({ ...queue, priceRegion: "global" }, "eu-west-1"), "");
    });
});

describe("plan: lower bounds only where a missing price has a quantity", () => {
    const resource = (...components: Partial<CostComponent>[]): PricedResource => ({
        type: "t",
        name: "r",
        urn: "u",
        pattern: "",
        pricing: "priced",
        monthlyCost: 0,
        idleMonthlyCost: 0,
        costComponents: components.map((c) => ({
            name: "c",
            unit: "GB",
            monthlyQuantity: 0,
            price: 1,
            monthlyCost: 0,
            usageBased: true,
            priceNotFound: false,
            priceId: "p",
            priceRegion: "us-east-1",
            source: "s",
            date: "2026-11",
            ...c,
        })),
    });

    it("a price not found on quantity 0 leaves the sum exact; on a quantity it makes it a lower bound", () => {
        assert.deepEqual(lowerBound([resource({ price: null, monthlyCost: null, priceNotFound: true, monthlyQuantity: 0 })]), {
            monthly: false,
            idle: false,
        });
        assert.deepEqual(lowerBound([resource({ price: null, monthlyCost: null, priceNotFound: true, monthlyQuantity: 3 })]), {
            monthly: true,
            idle: false,
        });
        // a fixed quantity (an instance's hours) is there when idle too
        assert.deepEqual(
            lowerBound([resource({ price: null, monthlyCost: null, priceNotFound: true, monthlyQuantity: 730, usageBased: false })]),
            { monthly: true, idle: true },
        );
    });
});

describe("plan: stacks that share a workload are compared once", function () {
    this.timeout(600_000);

    it("three stacks that differ only in their cloud and region: one comparison naming them, one evaluation per cloud, each stack's region on its cloud", async () => {
        const dir = mkdtempSync(join(tmpdir(), "stacks-"));
        const count = join(dir, "evaluations.log");
        // A program with no pattern: it only counts how often it is evaluated.
        writeFileSync(
            join(dir, "index.ts"),
            `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(count)}, "x");\nexport = {};\n`,
        );
        const workload = "  cloud-patterns:workload:\n    patterns:\n      retry:\n        messages: 1000\n";
        writeFileSync(join(dir, "Pulumi.a.yaml"), `config:\n  cloud-patterns:cloud: aws\n  aws:region: eu-west-1\n${workload}`);
        writeFileSync(
            join(dir, "Pulumi.b.yaml"),
            `config:\n  cloud-patterns:cloud: azure\n  azure-native:location: westeurope\n${workload}`,
        );
        writeFileSync(join(dir, "Pulumi.c.yaml"), `config:\n  cloud-patterns:cloud: gcp\n  gcp:region: europe-west1\n${workload}`);
        writeFileSync(
            join(dir, "Pulumi.other.yaml"),
            `config:\n  cloud-patterns:cloud: aws\n  cloud-patterns:workload:\n    requests: 5\n`,
        );
        writeFileSync(count, "");
        const evaluations = await evaluateStacks({ stacksDir: dir, concurrency: 2 });
        assert.deepEqual(
            evaluations.map((e) => e.stack),
            ["a, b, c", "other"],
        );
        const shared = evaluations[0];
        assert.deepEqual(
            shared.clouds.map((c) => [c.cloud, c.region]),
            [
                ["aws", "eu-west-1"],
                ["azure", "westeurope"],
                ["gcp", "europe-west1"],
            ],
        );
        assert.deepEqual(shared.stackClouds, ["aws", "azure", "gcp"]);
        assert.equal(shared.workload.patterns.retry.messages, 1000);
        // once per cloud for the three stacks (not 9 times), and 3 more for the stack with another workload
        assert.equal(readFileSync(count, "utf8").length, 6);
    });
});
