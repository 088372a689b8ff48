/**
 * Hand-computed monthly costs of the path an EventSourcing's events take into a CQRS projector
 * (`source`, the real component from the plan's arg variants) on each cloud, at the catalogue's
 * product catalog: 1,000 changes a day (30,000 a month) and 1,000,000 reads a day, and idle.
 * Every figure is worked out by hand from plan/prices/*.json.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../plan/mock-cloud";
import { priceResources } from "../../plan/price";
import { CLOUDS, CloudName } from "../../plan/types";
import { parseWorkload } from "../../plan/workload";
import { costRows, evaluateVariants, round } from "./fixture";

const CATALOG = parseWorkload(JSON.stringify({ requests: 30_030_000, writes: 30_000, reads: 30_000_000 }));
const IDLE = parseWorkload("{}");
/** The feed's own children per cloud (the queues, subscription and namespace the events pass through), by name. */
const FEED: Record<CloudName, RegExp> = {
    aws: /^cqrs-source-aws-events/,
    azure: /^cqrs-source-azure-events(-subscription)?$/,
    gcp: /^cqrs-source-gcp-projector-function$/,
};

function feed(cloud: CloudName, graph: readonly RecordedResource[], at = CATALOG) {
    const priced = priceResources(cloud, graph, at);
    const resources = priced.resources.filter((r) => FEED[cloud].test(r.name) && r.pricing === "priced");
    return { priced, rows: costRows(resources), idle: round(resources.reduce((a, r) => a + r.idleMonthlyCost, 0)) };
}

describe("plan: hand-computed costs, CQRS with source (an EventSourcing's events) at 30,000 changes and 30M reads a month", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let graphs: Record<CloudName, RecordedResource[]>;
    before(async () => {
        // The EventSourcing beside it, to show its topic prices the publishes only.
        graphs = await evaluateVariants("source", (cloud) => `cqrs-source-${cloud},es-native`);
    });

    it("Azure: each change is an Event Grid delivery to the subscription, and the Standard namespace's base fee runs idle too", () => {
        const { priced, rows, idle } = feed("azure", graphs.azure);
        assert.deepEqual(rows, [
            // 30,000 delivery attempts = 0.03M x $0.60
            ["cqrs-source-azure-events-subscription", "Operations: deliveries", 0.03, 0.6, 0.018],
            // 730 h x $0.01344; 30,000 changes x 3 operations (send, receive, complete) = 0.09M, inside the 13M included
            ["cqrs-source-azure-events", "Base charge (Standard)", 730, 0.01344, 9.8112],
            ["cqrs-source-azure-events", "Operations", 0.09, 0, 0],
        ]);
        // idle: no deliveries, but the namespace's base fee
        assert.equal(idle, 9.8112);
        // The deliveries share the account's 100,000 free operations with the EventSourcing topic's publishes (none at this profile).
        const grant = priced.freeTier.find((c) => c.description.startsWith("Event Grid"));
        assert.deepEqual(grant && [round(grant.usedQuantity), grant.freeQuantity, round(grant.credit)], [0.03, 0.1, 0.018]);
        // The topic prices its publishes; the subscription on it its deliveries: each operation once.
        const topic = priced.resources.find((r) => r.type === "azure-native:eventgrid:Topic");
        assert.deepEqual(
            topic?.costComponents.map((c) => c.name),
            ["Operations: publishes"],
        );
    });

    it("AWS: the events rule's queue takes each change once (a send, a tenth of a batched receive and delete) = $0.0144", () => {
        const { rows, idle } = feed("aws", graphs.aws);
        assert.deepEqual(rows, [
            // 30,000 sends + 3,000 receives + 3,000 deletes = 0.036M requests x $0.40
            ["cqrs-source-aws-events", "Requests (1 send a message, receive and delete in batches of 10)", 0.036, 0.4, 0.0144],
        ]);
        assert.equal(idle, 0);
    });

    it("GCP: the projector is the topic's subscriber, invoked once a change", () => {
        const { rows, idle } = feed("gcp", graphs.gcp);
        assert.deepEqual(rows, [
            // 0.03M requests x $0.40; 30,000 x 0.1 s x 0.167 vCPU = 501 vCPU-s x $0.000024; 30,000 x 0.1 s x 0.25 GiB = 750 GiB-s x $0.0000025
            ["cqrs-source-gcp-projector-function", "Requests", 0.03, 0.4, 0.012],
            ["cqrs-source-gcp-projector-function", "CPU (0.167 vCPU)", 501, 0.000024, 0.012024],
            ["cqrs-source-gcp-projector-function", "Memory (256 MiB)", 750, 0.0000025, 0.001875],
        ]);
        assert.equal(idle, 0);
    });

    it("at no traffic every cloud's feed carries nothing", () => {
        for (const cloud of CLOUDS) {
            const quantities = feed(cloud, graphs[cloud], IDLE)
                .rows.filter((r) => r[1] !== "Base charge (Standard)")
                .map((r) => r[2]);
            assert.ok(
                quantities.every((q) => q === 0),
                `${cloud}: ${JSON.stringify(quantities)}`,
            );
        }
    });
});
