/**
 * Hand-computed monthly costs of the Event Sourcing PostgreSQL store on each cloud (the real
 * component, `store: "postgres"`), at 2M reads, 500K writes and 50 GB of events, and idle. The one
 * database holds the events and the snapshots (one in snapshotEvery = 100 events: 0.5 GB more).
 * Every figure is worked out by hand from plan/prices/*.json.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../plan/mock-cloud";
import { lowerBound, priceResources } from "../../plan/price";
import type { CloudName } from "../../plan/types";
import { parseWorkload } from "../../plan/workload";
import { costRows, evaluateVariants, round } from "./fixture";

const workload = parseWorkload(JSON.stringify({ reads: 2_000_000, writes: 500_000, storageGb: 50 }));
const idle = parseWorkload("{}");

/** [resource name, component name, monthly quantity, unit price, monthly cost] of the database resources. */
function databaseRows(cloud: CloudName, graph: RecordedResource[], at = workload) {
    const priced = priceResources(cloud, graph, at);
    const db = priced.resources.filter((r) => r.name.startsWith("es-postgres-db") && r.pricing === "priced");
    return {
        db,
        rows: costRows(db),
        cost: round(db.reduce((a, r) => a + r.monthlyCost, 0)),
        idle: round(db.reduce((a, r) => a + r.idleMonthlyCost, 0)),
    };
}

describe("plan: hand-computed costs, Event Sourcing on PostgreSQL at 2M reads, 500K writes, 50 GB of events", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let graphs: Record<CloudName, RecordedResource[]>;
    before(async () => {
        graphs = await evaluateVariants("postgres", () => "es-postgres");
    });

    it("AWS: Aurora Serverless v2 at its 0.5 ACU floor while in use + storage + the managed secret = $49.25, I/O not found", () => {
        const { db, rows, cost, idle: idleCost } = databaseRows("aws", graphs.aws);
        assert.deepEqual(rows, [
            // 50.5 GB x $0.10
            ["es-postgres-db", "Storage", 50.5, 0.1, 5.05],
            // 2.5M reads and writes as I/O requests: no sourced price
            ["es-postgres-db", "I/O requests", 2.5, null, null],
            // $0.40 a secret a month
            ["es-postgres-db", "Master user secret (managed by RDS)", 1, 0.4, 0.4],
            // scales to zero (min 0) but traffic keeps it up: 0.5 ACU x 730 h = 365 ACU-h x $0.12
            ["es-postgres-db-instance", "Capacity (serverless v2, 0.5 ACU floor of 0-4 ACU)", 365, 0.12, 43.8],
        ]);
        assert.equal(cost, 49.25);
        // idle it pauses (min 0 ACU) and holds no data, but the secret is billed; the I/O price is
        // unknown on a quantity: a lower bound at the workload, not idle (no I/O then)
        assert.equal(idleCost, 0.4);
        assert.deepEqual(lowerBound(db), { monthly: true, idle: false });
        assert.deepEqual(
            databaseRows("aws", graphs.aws, idle).rows.find((r) => r[0] === "es-postgres-db-instance"),
            ["es-postgres-db-instance", "Capacity (serverless v2, 0 ACU floor of 0-4 ACU)", 0, 0.12, 0],
        );
    });

    it("Azure: Flexible Server B1ms + storage grown past 32 GB = $23.029; idle $20.476", () => {
        const { db, rows, cost, idle: idleCost } = databaseRows("azure", graphs.azure);
        assert.deepEqual(rows, [
            // 730 h x $0.022; 50.5 GB (autoGrow past the 32 GB provisioned) x $0.138
            ["es-postgres-db", "Compute (Standard_B1ms)", 730, 0.022, 16.06],
            ["es-postgres-db", "Storage (32 GB provisioned)", 50.5, 0.138, 6.969],
        ]);
        assert.equal(cost, 23.029);
        // idle: the server runs and its 32 GB are billed: 16.06 + 32 x 0.138
        assert.equal(idleCost, 20.476);
        assert.deepEqual(lowerBound(db), { monthly: false, idle: false });
    });

    it("GCP: Cloud SQL db-f1-micro (shared-core price not found) + 50.5 GB SSD = $8.585 at least", () => {
        const { db, rows, cost, idle: idleCost } = databaseRows("gcp", graphs.gcp);
        assert.deepEqual(rows, [
            ["es-postgres-db", "Instance (db-f1-micro)", 730, null, null],
            // 50.5 GB (past the 10 GB default disk) x $0.17
            ["es-postgres-db", "SSD storage", 50.5, 0.17, 8.585],
        ]);
        assert.equal(cost, 8.585);
        // idle: the 10 GB default disk, and the instance's unknown price
        assert.equal(idleCost, 1.7);
        assert.deepEqual(lowerBound(db), { monthly: true, idle: true });
    });
});
