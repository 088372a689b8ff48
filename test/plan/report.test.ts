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

    it("the JSON follows Infracost's shape, one project per stack and cloud, money as decimal strings", () => {
        const json = JSON.parse(renderJson(comparison));
        assert.equal(json.version, "0.2");
        assert.equal(json.currency, "USD");
        assert.deepEqual(
            json.projects.map((p: any) => p.name),
            ["aws-dev/aws", "aws-dev/azure", "aws-dev/gcp"],
        );
        const aws = json.projects[0];
        assert.equal(aws.breakdown.totalMonthlyCost, String(Number(comparison[0].clouds[0].monthlyCost.toFixed(10))));
        const lambda = aws.breakdown.resources.find((r: any) => r.name === "orders-aggregator");
        assert.equal(lambda.resourceType, "aws:lambda/function:Function");
        assert.equal(lambda.metadata.pattern, "GatewayAggregation");
        assert.deepEqual(Object.keys(lambda.costComponents[0]).sort(), [
            "monthlyCost",
            "monthlyQuantity",
            "name",
            "price",
            "priceId",
            "priceNotFound",
            "unit",
            "usageBased",
        ]);
        const azureApp = json.projects[1].breakdown.resources.find((r: any) => r.name === "orders-aggregator");
        const executions = azureApp.costComponents.find((c: any) => c.priceNotFound);
        assert.equal(executions.price, null);
        assert.equal(executions.monthlyCost, null);
        assert.equal(aws.breakdown.totalMonthlyCostIsLowerBound, false);
        assert.equal(json.projects[1].breakdown.totalMonthlyCostIsLowerBound, true);
        assert.equal(json.projects[1].breakdown.idleMonthlyCostIsLowerBound, false);
        assert.equal(azureApp.monthlyCostIsLowerBound, true);
        assert.equal(lambda.monthlyCostIsLowerBound, false);
        assert.equal(json.totalMonthlyCostIsLowerBound, true);
    });

    it("the table gives resources, monthly and idle cost per pattern and cloud, and names what is not found", () => {
        const table = renderTable(comparison);
        assert.match(table, /Pattern\s+Cloud\s+Resources\s+Monthly\s+Idle/);
        assert.match(table, /Retry\s+aws\*\s+8\s+\$\d+\.\d\d\s+\$0\.00/);
        // Azure's Flex execution price is not found: its monthly figures are lower bounds; idle ones (no usage) are not
        assert.match(table, /azure\s+8\s+≥ \$\d+\.\d\d\s+\$9\.81/);
        assert.match(
            table,
            /All patterns\s+aws\*\s+\d+\s+\$\d+\.\d\d\s+\$0\.00\n\s+azure\s+\d+\s+≥ \$\d+\.\d\d\s+\$9\.81\s+8\n\s+gcp\s+\d+\s+≥ \$/,
        );
        assert.match(table, /After free tier\s+aws\*\s+\$\d+\.\d\d\n\s+azure\s+≥ \$/);
        assert.match(table, /≥ a lower bound: it leaves out the prices not found/);
        assert.match(table, /azure: price not found, not counted: azure-native:web:WebApp: Executions \(on demand\) \(x4\)/);
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
