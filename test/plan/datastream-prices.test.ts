/**
 * Hand-computed monthly costs of CQRS's GCP sync paths (the real component, the `cqrs-datastream`
 * arg variant against the default `cqrs-domain`) at the catalogue's product catalog: 30,000 writes
 * and 30,000,000 reads a month. Every figure is worked out by hand from plan/prices/gcp.json.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../plan/mock-cloud";
import { priceResources } from "../../plan/price";
import { parseWorkload } from "../../plan/workload";
import { costRows, evaluateVariants, round } from "./fixture";

const workload = parseWorkload(JSON.stringify({ reads: 30_000_000, writes: 30_000 }));

describe("plan: hand-computed costs, CQRS on GCP with gcp.sync 'datastream' against the Dataflow default", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let graph: RecordedResource[];
    before(async () => {
        // The default path beside it (the `domain` variant) for the idle comparison; only GCP's graph is priced.
        graph = (await evaluateVariants("datastream", () => "cqrs-datastream,cqrs-domain")).gcp;
    });

    it("Datastream: the GiB it processes, Storage Write on its table, query bytes on the view; no Dataflow, Pub/Sub or projector", () => {
        const priced = priceResources("gcp", graph, workload).resources.filter((r) => r.name.startsWith("cqrs-datastream-"));
        const rows = costRows(priced.filter((r) => /datastream$|read-replica|read-view/.test(r.name)));
        // BigQuery tables and the stream are not stores (plan/usage.ts): they see the pattern's whole store traffic, the sum of
        // plan/patterns/cqrs.ts's store roles: 30M + 2 x 30,000 reads, 3 x 30,000 writes (the write, Cosmos DB and read roles).
        const [reads, writes] = [30_000_000 + 2 * 30_000, 3 * 30_000];
        const scannedTib = (reads * 10) / 1024 / 1024;
        const processedGib = (writes * 2) / 1024 / 1024;
        assert.deepEqual(rows, [
            // Storage: a BigQuery table holds no share of the workload's storage, as on the default path.
            ["cqrs-datastream-read-replica", "Storage", 0, 0.02, 0],
            // 90,000 changes x 1 KB = 0.09 GB x $0.025
            ["cqrs-datastream-read-replica", "Storage Write API (merged changes)", 0.09, 0.025, 0.00225],
            // 30.06M queries x 10 MB = 286.67 TiB x $6.25 (the first TiB a month is free once the report pools it)
            ["cqrs-datastream-read-view", "Query bytes (10 MB minimum per query)", round(scannedTib), 6.25, round(scannedTib * 6.25)],
            // 90,000 changes x 2 KB processed = 0.17 GiB x $2.00 (inside the free 100 GiB once pooled)
            ["cqrs-datastream-datastream", "CDC (changes processed, 2 x the row size)", round(processedGib), 2, round(processedGib * 2)],
            // The backfill rate is not in the collected sources: reported, never silently zero.
            ["cqrs-datastream-datastream", "Backfill (once, at stream start: the write model's size)", 0, null, null],
        ]);
        assert.ok(
            !priced.some((r) => /dataflow|changes-job|projector|projection-dlq|changes-metadata/.test(r.name)),
            priced.map((r) => r.name).join(", "),
        );
    });

    it("the Datastream path has no always-on sync: its idle cost is Spanner's, the default path adds the Dataflow job's ~$122", () => {
        const all = priceResources("gcp", graph, parseWorkload("{}")).resources;
        const idle = (prefix: string) => round(all.filter((r) => r.name.startsWith(prefix)).reduce((a, r) => a + r.idleMonthlyCost, 0));
        // Spanner 100 PU: 730 h x $0.09 = $65.70; everything else of the Datastream path bills only by use.
        assert.equal(idle("cqrs-datastream-"), 65.7);
        // Dataflow: 2 vCPU x 730 h x $0.069 = $100.74, 8 GB x 730 h x $0.003557 = $20.77; plus Spanner.
        assert.equal(idle("cqrs-domain-"), round(65.7 + 100.74 + 20.77288));
    });
});
