/**
 * The self-contained HTML report: per stack, a bar chart of the clouds' costs per pattern, the
 * table, and an architecture diagram per cloud with the details of the node clicked. Inline SVG,
 * CSS and script: it opens without network. Everything fits the window's width (SVG scales down,
 * long names wrap), and the free rows of each cloud wait behind a toggle.
 */
import { loadCatalog } from "../catalog";
import type { StackComparison } from "../compare";
import { architectureView, diagramScript } from "../diagram/html";
import { lowerBound, sum } from "../price";
import type { CloudCosts } from "../types";
import { byPattern, describeProfile, notFoundLines, patternLabel, patternsOf, pricedNoteLines, shortType, usdAtLeast } from "./format";
import { costChart, escapeXml } from "./svg";

const STYLE = `*{box-sizing:border-box}body{font-family:sans-serif;margin:16px;color:#222;max-width:100%;overflow-wrap:anywhere}h1{font-size:22px}
h2{margin-top:32px;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:12px 0;max-width:100%}
td,th{border:1px solid #ddd;padding:4px 6px;text-align:right}td:first-child,th:first-child{text-align:left}
svg{max-width:100%;height:auto}.diagram{margin:8px 0}.note{color:#555;font-size:13px}
.node{cursor:pointer}.node:focus,.node.selected{outline:none}.node.selected rect:first-of-type,.node:focus rect:first-of-type{stroke-width:3}
.node-details{border:1px solid #ddd;border-radius:6px;padding:4px 12px;margin:8px 0 20px;font-size:13px}
.node-details dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}.node-details dd{margin:0}
.node-details td,.resources td{text-align:left;font-size:12px}.resources td:last-child{text-align:right}
details{margin:8px 0 16px}summary{cursor:pointer;color:#333}`;

/** Each cloud's rows with a cost on show, the free ones behind a toggle. */
function resourceTables(c: CloudCosts): string {
    const row = (r: CloudCosts["resources"][number]) => {
        const bound = lowerBound([r]).monthly;
        const cost = r.pricing === "free" ? "free" : r.pricing === "not-priced" ? "not priced" : usdAtLeast(r.monthlyCost, bound);
        return `<tr><td>${escapeXml(patternLabel(r.pattern))}</td><td>${escapeXml(shortType(r.type))}</td><td>${escapeXml(r.name)}</td><td>${escapeXml(cost)}</td></tr>`;
    };
    const header = `<tr><th>Pattern</th><th>Type</th><th>Name</th><th>Monthly</th></tr>`;
    const paid = c.resources.filter((r) => r.pricing !== "free");
    const free = c.resources.filter((r) => r.pricing === "free");
    return `<table class="resources">${header}${paid.map(row).join("")}</table>
${free.length ? `<details class="free-rows"><summary>${free.length} free rows (IAM, policies, routes, config): show</summary><table class="resources">${header}${free.map(row).join("")}</table></details>` : ""}`;
}

export function renderHtml(
    stacks: readonly StackComparison[],
    options: { readonly freeTier?: boolean; readonly generatedAt?: Date } = {},
): string {
    const freeTier = options.freeTier ?? true;
    const sections = stacks.map((s) => {
        const patterns = patternsOf(s.clouds);
        const header = `<tr><th>Pattern</th>${s.clouds.map((c) => `<th>${c.cloud}${c.stackCloud ? " *" : ""} monthly</th><th>${c.cloud} idle</th>`).join("")}</tr>`;
        const rows = patterns.map((p) => {
            const cells = s.clouds.map((c) => {
                const members = byPattern(c.resources).get(p) ?? [];
                const bound = lowerBound(members);
                return `<td>${usdAtLeast(sum(members.map((r) => r.monthlyCost)), bound.monthly)}</td><td>${usdAtLeast(sum(members.map((r) => r.idleMonthlyCost)), bound.idle)}</td>`;
            });
            return `<tr><td>${escapeXml(patternLabel(p))}</td>${cells.join("")}</tr>`;
        });
        const bounds = s.clouds.map((c) => lowerBound(c.resources));
        rows.push(
            `<tr><th>All patterns</th>${s.clouds.map((c, i) => `<th>${usdAtLeast(c.monthlyCost, bounds[i].monthly)}</th><th>${usdAtLeast(c.idleMonthlyCost, bounds[i].idle)}</th>`).join("")}</tr>`,
        );
        if (freeTier)
            rows.push(
                `<tr><td>After free tier</td>${s.clouds.map((c, i) => `<td>${usdAtLeast(c.monthlyCost - sum(c.freeTier.map((f) => f.credit)), bounds[i].monthly)}</td><td></td>`).join("")}</tr>`,
            );
        const missing = s.clouds.flatMap((c) => [
            ...notFoundLines(c.pricesNotFound).map((p) => `${c.cloud}: price not found, not counted: ${p}`),
            ...c.resources.filter((r) => r.pricing === "not-priced").map((r) => `${c.cloud}: not priced: ${r.type} ${r.name}: ${r.note}`),
            ...pricedNoteLines(c),
        ]);
        const diagrams = s.clouds.map(
            (c) =>
                `<h3>${escapeXml(`${c.cloud}${c.stackCloud ? " (the stack's own cloud)" : ""}, ${c.region}: ${c.resources.length} resources, ${usdAtLeast(c.monthlyCost, lowerBound(c.resources).monthly)} a month`)}</h3>
${architectureView(c)}${resourceTables(c)}`,
        );
        return `<section class="stack" id="stack-${escapeXml(s.stack.replace(/[^A-Za-z0-9_-]+/g, "-"))}"><h2>Stack ${escapeXml(s.stack)}</h2>
<p class="note">Workload profile, per pattern (monthly): ${escapeXml(describeProfile(s.workload).join("; "))}</p>
${costChart(s.stack, s.clouds)}
<table>${header}${rows.join("")}</table>
${bounds.some((b) => b.monthly || b.idle) ? `<p class="note">≥ a lower bound: it leaves out the prices not found, which are never counted as zero.</p>` : ""}
${missing.length ? `<ul class="note">${missing.map((m) => `<li>${escapeXml(m)}</li>`).join("")}</ul>` : ""}
${diagrams.join("\n")}</section>`;
    });
    const sources = (["aws", "azure", "gcp"] as const).map((cloud) => {
        const catalog = loadCatalog(cloud);
        return `<li>${cloud}: list prices for ${escapeXml(catalog.region)}; ${escapeXml(catalog.note)}</li>`;
    });
    const generated = (options.generatedAt ?? new Date()).toISOString();
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cloud-patterns: plan and cost comparison</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>cloud-patterns: what each cloud would create, and what it would cost</h1>
<p class="note">Monthly USD at each stack's workload profile; idle is the same resources with no traffic and no data. Generated ${escapeXml(generated)}.${freeTier ? "" : " Free tiers are switched off."}</p>
${sections.join("\n")}
<h2>Where prices come from</h2><ul class="note">${sources.join("")}</ul>
<script>${diagramScript()}</script>
</body></html>
`;
}
