/**
 * The self-contained HTML report: per stack, a bar chart of the clouds' costs per pattern and
 * an architecture diagram per cloud, inline SVG with inline CSS: it opens without network.
 */
import { loadCatalog } from "../catalog";
import type { StackComparison } from "../compare";
import { lowerBound, sum } from "../price";
import { byPattern, describeProfile, notFoundLines, patternLabel, patternsOf, usdAtLeast } from "./format";
import { architectureDiagram, costChart, escapeXml } from "./svg";

const STYLE = `body{font-family:sans-serif;margin:24px;color:#222}h1{font-size:22px}h2{margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.diagram{overflow-x:auto;margin:8px 0 20px}.note{color:#555;font-size:13px}`;

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
        ]);
        const diagrams = s.clouds.map(
            (c) =>
                `<h3>${escapeXml(`${c.cloud}${c.stackCloud ? " (the stack's own cloud)" : ""}, ${c.region}: ${c.resources.length} resources`)}</h3><div class="diagram">${architectureDiagram(c)}</div>`,
        );
        return `<section class="stack" id="stack-${escapeXml(s.stack)}"><h2>Stack ${escapeXml(s.stack)}</h2>
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
</body></html>
`;
}
