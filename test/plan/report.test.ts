/**
 * The comparison's outputs on the fixture stacks: the HTML report (valid, self-contained, one
 * chart and one diagram per cloud, rendered in headless Chromium), the JSON and the table.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { compareStacks, StackComparison } from "../../plan/compare";
import { renderHtml } from "../../plan/render/html";
import { renderJson } from "../../plan/render/json";
import { renderTable } from "../../plan/render/table";
import { usePeer } from "../support/peers";
import { FIXTURE_PROGRAM, FIXTURE_STACKS } from "./fixture";

describe("plan: comparison outputs", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    let comparison: StackComparison[];
    let html: string;
    before(async () => {
        comparison = await compareStacks({ stacksDir: FIXTURE_STACKS, program: FIXTURE_PROGRAM, stacks: ["aws-dev"] });
        html = renderHtml(comparison, { generatedAt: new Date("2026-11-25T00:00:00Z") });
    });

    it("the HTML report is self-contained: no script, stylesheet link or image to fetch; its one script is inline", () => {
        assert.ok(html.startsWith("<!DOCTYPE html>"));
        assert.doesNotMatch(html, /\b(src|href)\s*=/i);
        assert.doesNotMatch(html, /<(link|img|iframe|object)\b/i);
        assert.doesNotMatch(html, /url\(|@import/i);
        assert.equal(html.match(/<script>/g)!.length, 1);
        assert.doesNotMatch(html.match(/<script>[\s\S]*?<\/script>/)![0], /https?:\/\/|fetch\(|XMLHttpRequest|import\(/);
    });

    it("holds one cost chart per stack and one architecture diagram per cloud, each well-formed SVG", () => {
        const charts = html.match(/<svg class="cost-chart"[\s\S]*?<\/svg>/g) ?? [];
        const diagrams = html.match(/<svg class="architecture"[\s\S]*?<\/svg>/g) ?? [];
        assert.equal(charts.length, 1);
        assert.deepEqual(
            diagrams.map((d) => /data-cloud="(\w+)"/.exec(d)![1]),
            ["aws", "azure", "gcp"],
        );
        for (const svg of [...charts, ...diagrams]) assert.equal(XMLValidator.validate(svg), true);
        // a bar per pattern and cloud
        assert.equal(charts[0].match(/<rect class="bar"/g)!.length, 3 * 3);
        // a box per pattern, nodes in them (the resources that carry data; test/plan/diagram.test.ts checks which)
        for (const diagram of diagrams) {
            assert.equal(diagram.match(/<g class="group"/g)!.length, 3);
            assert.ok(diagram.match(/<g class="node"/g)!.length >= 3);
        }
    });

    describe("in headless Chromium", () => {
        const chromium = usePeer("chromium");

        it("renders without the network: the chart's bars and the diagrams are drawn", () => {
            const dir = mkdtempSync(join(tmpdir(), "cloud-patterns-report-"));
            const file = join(dir, "report.html");
            writeFileSync(file, html);
            const flags = [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                `--user-data-dir=${join(dir, "profile")}`,
            ];
            // The screenshot stays in the temp folder, out of the repository.
            const shot = spawnSync(
                chromium.binary,
                [...flags, "--window-size=1400,2000", `--screenshot=${join(dir, "report.png")}`, `file://${file}`],
                { timeout: 60000 },
            );
            assert.equal(shot.status, 0, shot.stderr.toString());
            assert.ok(statSync(join(dir, "report.png")).size > 20000, "the screenshot has content");
            const dom = spawnSync(chromium.binary, [...flags, "--dump-dom", `file://${file}`], {
                timeout: 60000,
                maxBuffer: 64 * 1024 * 1024,
            });
            assert.equal(dom.status, 0, dom.stderr.toString());
            const rendered = dom.stdout.toString();
            assert.equal(rendered.match(/<svg class="cost-chart"/g)!.length, 1);
            assert.equal(rendered.match(/<svg class="architecture"/g)!.length, 3);
            assert.match(rendered, /Stack aws-dev/);
        });
    });

    it("the JSON follows Infracost's shape, one project per workload and cloud, money as decimal strings, no total across alternatives", () => {
        const json = JSON.parse(renderJson(comparison));
        assert.equal(json.version, "0.2");
        assert.equal(json.currency, "USD");
        assert.deepEqual(
            json.projects.map((p: any) => p.name),
            ["aws-dev/aws", "aws-dev/azure", "aws-dev/gcp"],
        );
        // The projects are alternative deployments of one workload: adding them up means nothing.
        assert.equal(json.totalMonthlyCost, undefined);
        const aws = json.projects[0];
        assert.equal(aws.breakdown.totalMonthlyCost, String(Number(comparison[0].clouds[0].monthlyCost.toFixed(10))));
        assert.deepEqual(aws.metadata.stacks, [{ stack: "aws-dev", stackFile: comparison[0].path, cloud: "aws", region: "eu-west-1" }]);
        assert.equal(aws.metadata.region, "eu-west-1");
        assert.equal(aws.metadata.priceRegion, "us-east-1");
        assert.ok(aws.metadata.workloadDescription.some((l: string) => /^every pattern: 10M requests/.test(l)));
        const lambda = aws.breakdown.resources.find((r: any) => r.name === "orders-aggregator");
        assert.equal(lambda.resourceType, "aws:lambda/function:Function");
        assert.equal(lambda.metadata.pattern, "GatewayAggregation");
        assert.deepEqual(Object.keys(lambda.costComponents[0]).sort(), [
            "monthlyCost",
            "monthlyQuantity",
            "name",
            "price",
            "priceDate",
            "priceId",
            "priceNotFound",
            "priceRegion",
            "priceSource",
            "unit",
            "usageBased",
        ]);
        // Every component names its price's source and date.
        for (const p of json.projects)
            for (const r of p.breakdown.resources)
                for (const c of r.costComponents) assert.ok(c.priceSource && c.priceDate, `${p.name} ${r.name} ${c.name}`);
        assert.deepEqual(lambda.costComponents[0].priceRegion, "us-east-1");
        assert.equal(aws.breakdown.topCostDrivers.length, 5);
        const drivers = aws.breakdown.topCostDrivers.map((d: any) => Number(d.monthlyCost));
        assert.deepEqual(
            drivers,
            [...drivers].sort((a, b) => b - a),
        );
        // Firestore's stored-data price is not found and the workload stores data: GCP's sums are lower bounds.
        const gcp = json.projects[2];
        const firestore = gcp.breakdown.resources.find((r: any) => r.resourceType === "gcp:firestore/database:Database");
        const stored = firestore.costComponents.find((c: any) => c.priceNotFound);
        assert.equal(stored.price, null);
        assert.equal(stored.monthlyCost, null);
        assert.ok(Number(stored.monthlyQuantity) > 0);
        assert.equal(firestore.monthlyCostIsLowerBound, true);
        assert.equal(gcp.breakdown.totalMonthlyCostIsLowerBound, true);
        assert.equal(gcp.breakdown.idleMonthlyCostIsLowerBound, false);
        // Azure's Flex execution price is found now: its sums are exact.
        assert.equal(json.projects[1].breakdown.totalMonthlyCostIsLowerBound, false);
        assert.equal(aws.breakdown.totalMonthlyCostIsLowerBound, false);
        assert.equal(lambda.monthlyCostIsLowerBound, false);
        assert.equal(json.totalMonthlyCostIsLowerBound, true);
    });

    it("the table gives the profile, regions, resources, monthly and idle cost per pattern and cloud, the top drivers, and what is not found", () => {
        const table = renderTable(comparison);
        assert.match(table, /workload profile, per pattern \(monthly\):\n {4}every pattern: 10M requests, 2M messages, 4M events/);
        assert.match(table, /aws: eu-west-1; priced at us-east-1: the catalog has no eu-west-1 figure for them/);
        assert.match(table, /Pattern\s+Cloud\s+Resources\s+Monthly\s+Idle/);
        assert.match(table, /Retry\s+aws\*\s+8\s+\$\d+\.\d\d\s+\$0\.00/);
        // Retry's Service Bus Standard namespace costs its base charge idle
        assert.match(table, /azure\s+8\s+\$\d+\.\d\d\s+\$9\.81/);
        assert.match(
            table,
            /All patterns\s+aws\*\s+\d+\s+\$\d+\.\d\d\s+\$0\.00\n\s+azure\s+\d+\s+\$[\d.,]+\s+\$9\.81\n\s+gcp\s+\d+\s+≥ \$[\d.,]+\s+\$0\.00\s+\d+\n/,
        );
        assert.match(table, /After free tier\s+aws\*\s+\$\d+\.\d\d\n\s+azure\s+\$[\d.,]+\n\s+gcp\s+≥ \$/);
        assert.match(table, /top cost drivers on aws \(\d+% of its \$[\d.,]+\):\n(?: +\$[\d.,]+ {2}\S+ \S+: .*\(us-east-1 price\)\n){5}/);
        assert.match(table, /≥ a lower bound: it leaves out the prices not found/);
        assert.match(table, /gcp: price not found, not counted: gcp:firestore\/database:Database: Stored data/);
        assert.doesNotMatch(table, /Executions \(on demand\)/);
        assert.match(table, /Free tier credit/);
        assert.doesNotMatch(renderTable(comparison, { freeTier: false }), /Free tier credit/);
    });

    it("the report's numbers match the priced resources", () => {
        const text = readFileSync(join(FIXTURE_STACKS, "Pulumi.aws-dev.yaml"), "utf8");
        assert.match(text, /requests: 10000000/);
        const c = comparison[0].clouds[0];
        assert.equal(
            c.monthlyCost,
            c.resources.reduce((a, r) => a + r.monthlyCost, 0),
        );
    });
});
