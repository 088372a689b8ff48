/** The terminal table: per stack, pattern and cloud, resources, monthly cost at the workload, and idle cost. */
import { loadCatalog } from "../catalog";
import type { StackComparison } from "../compare";
import { lowerBound, sum } from "../price";
import type { CloudCosts } from "../types";
import {
    byPattern,
    describeProfile,
    LOWER_BOUND,
    notFoundLines,
    patternLabel,
    patternsOf,
    pricedNoteLines,
    priceRegionNote,
    shortType,
    topDrivers,
    usd,
    usdAtLeast,
} from "./format";

export interface TableOptions {
    /** Show free-tier credits and totals after them. @default true */
    readonly freeTier?: boolean;
}

export function renderTable(stacks: readonly StackComparison[], options: TableOptions = {}): string {
    const out: string[] = [];
    for (const s of stacks) out.push(renderStack(s, options.freeTier ?? true));
    out.push(sourcesLine(stacks));
    return `${out.join("\n")}\n`;
}

function renderStack(s: StackComparison, freeTier: boolean): string {
    const lines: string[] = [];
    lines.push(heading(s));
    lines.push("  workload profile, per pattern (monthly):");
    for (const line of describeProfile(s.workload)) lines.push(`    ${line}`);
    lines.push("  regions (the stack's, and where the catalog prices it):");
    for (const c of s.clouds) lines.push(`    ${c.cloud}: ${c.region}; ${regionNote(c)}`);
    const rows: string[][] = [["Pattern", "Cloud", "Resources", "Monthly", "Idle", "Prices not found"]];
    for (const pattern of patternsOf(s.clouds)) {
        s.clouds.forEach((c, i) => {
            const members = byPattern(c.resources).get(pattern) ?? [];
            const notFound = members.flatMap((r) => r.costComponents.filter((x) => x.priceNotFound)).length;
            const bound = lowerBound(members);
            rows.push([
                i === 0 ? patternLabel(pattern) : "",
                cloudLabel(c),
                String(members.length),
                usdAtLeast(sum(members.map((r) => r.monthlyCost)), bound.monthly),
                usdAtLeast(sum(members.map((r) => r.idleMonthlyCost)), bound.idle),
                notFound ? String(notFound) : "",
            ]);
        });
    }
    const bounds = s.clouds.map((c) => lowerBound(c.resources));
    s.clouds.forEach((c, i) =>
        rows.push([
            i === 0 ? "All patterns" : "",
            cloudLabel(c),
            String(c.resources.length),
            usdAtLeast(c.monthlyCost, bounds[i].monthly),
            usdAtLeast(c.idleMonthlyCost, bounds[i].idle),
            c.pricesNotFound.length ? String(c.pricesNotFound.length) : "",
        ]),
    );
    if (freeTier) {
        s.clouds.forEach((c, i) =>
            rows.push([i === 0 ? "Free tier credit" : "", cloudLabel(c), "", `-${usd(sum(c.freeTier.map((f) => f.credit)))}`, "", ""]),
        );
        s.clouds.forEach((c, i) =>
            rows.push([
                i === 0 ? "After free tier" : "",
                cloudLabel(c),
                "",
                usdAtLeast(c.monthlyCost - sum(c.freeTier.map((f) => f.credit)), bounds[i].monthly),
                "",
                "",
            ]),
        );
    }
    lines.push(...table(rows).map((l) => `  ${l}`));
    for (const c of s.clouds) {
        const drivers = topDrivers(c);
        if (!drivers.length) continue;
        lines.push(`  top cost drivers on ${c.cloud} (${pct(drivers, c)} of its ${usd(c.monthlyCost)}):`);
        for (const { resource, component } of drivers)
            lines.push(
                `    ${usd(component.monthlyCost!).padStart(9)}  ${shortType(resource.type)} ${resource.name}: ${component.name}${priceRegionNote(component, c.region)}`,
            );
    }
    if (bounds.some((b) => b.monthly || b.idle))
        lines.push(
            `  ${LOWER_BOUND.trim()} a lower bound: it leaves out the prices not found (listed below), which are never counted as zero`,
        );
    if (s.clouds.every((c) => c.resources.length === 0)) {
        lines.push(`  no pattern configured: set cloud-patterns:<pattern> (e.g. gatewayAggregation, retry) in ${s.path}`);
    }
    for (const c of s.clouds) {
        const notPriced = c.resources.filter((r) => r.pricing === "not-priced");
        for (const r of notPriced) lines.push(`  ${c.cloud}: not priced: ${r.type} ${r.name}: ${r.note}`);
        for (const line of pricedNoteLines(c)) lines.push(`  ${line}`);
        for (const line of notFoundLines(c.pricesNotFound)) lines.push(`  ${c.cloud}: price not found, not counted: ${line}`);
    }
    return lines.join("\n") + "\n";
}

function heading(s: StackComparison): string {
    if (s.stacks.length === 1) return `Stack ${s.stack}${s.stackCloud ? ` (its stack file picks ${s.stackCloud}; marked *)` : ""}`;
    const picks = s.stacks.map((r) => (r.cloud ? `${r.stack} picks ${r.cloud}` : `${r.stack} picks no cloud`)).join(", ");
    return `Stacks ${s.stack}: one workload, compared once (${picks}; marked *)`;
}

/** Whether the cloud's prices are for the stack's region, and which region's when they are not. */
function regionNote(c: CloudCosts): string {
    const priced = c.resources.flatMap((r) => r.costComponents).filter((x) => x.monthlyQuantity > 0 && x.price !== null);
    const regions = [...new Set(priced.map((x) => x.priceRegion))].filter((r) => r !== "global");
    if (regions.length === 0) return "no regional price applies";
    if (regions.every((r) => r === c.region)) return `priced at ${c.region}`;
    const here = priced.filter((x) => x.priceRegion === c.region || x.priceRegion === "global").length;
    const others = regions
        .filter((r) => r !== c.region)
        .map((r) => (r === "unstated" ? "a region the source does not state" : r))
        .join(", ");
    const used = here ? `${here} of ${priced.length} prices at ${c.region} or global, the rest at` : "priced at";
    return `${used} ${others}: the catalog has no ${c.region} figure for them (each such line says so)`;
}

function pct(lines: ReturnType<typeof topDrivers>, c: CloudCosts): string {
    const share = c.monthlyCost > 0 ? sum(lines.map((l) => l.component.monthlyCost!)) / c.monthlyCost : 0;
    return `${Math.round(share * 100)}%`;
}

function cloudLabel(c: CloudCosts): string {
    return `${c.cloud}${c.stackCloud ? "*" : ""}`;
}

function sourcesLine(stacks: readonly StackComparison[]): string {
    const clouds = [...new Set(stacks.flatMap((s) => s.clouds.map((c) => c.cloud)))];
    return clouds
        .map((cloud) => {
            const catalog = loadCatalog(cloud);
            const dates = [
                ...new Set(
                    Object.values(catalog.prices)
                        .filter((p) => p.price !== null)
                        .map((p) => p.date),
                ),
            ].sort();
            const basis = catalog.basis ? `, ${catalog.basis}` : "";
            return `Prices: ${cloud} list prices for ${catalog.region} (USD${basis}), dated ${dates.join(", ")}: plan/prices/${cloud}.json gives each figure's source.`;
        })
        .join("\n");
}

/** Left-aligned text columns, right-aligned numbers. */
function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const numeric = (i: number) => i >= 2;
    return rows.map((r) =>
        r
            .map((cell, i) => (numeric(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd(),
    );
}
