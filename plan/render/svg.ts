/** Inline SVG: the cost bar chart and the architecture diagram drawn from the resource graph. */
import type { RecordedResource } from "../mock-cloud";
import type { CloudCosts, CloudName, PricedResource } from "../types";
import { byPattern, patternLabel, patternsOf, shortType, usd } from "./format";
import { sum } from "../price";

export const CLOUD_COLOURS: Readonly<Record<CloudName, string>> = { aws: "#e8890c", azure: "#0078d4", gcp: "#34a853" };

export function escapeXml(s: string): string {
    return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One group of bars per pattern, one bar per cloud: monthly cost at the workload. */
export function costChart(stack: string, clouds: readonly CloudCosts[]): string {
    const patterns = patternsOf(clouds);
    const costs = patterns.map((p) => clouds.map((c) => sum((byPattern(c.resources).get(p) ?? []).map((r) => r.monthlyCost))));
    const max = Math.max(1, ...costs.flat()) * 1.15;
    const bar = 34,
        gap = 36,
        left = 70,
        top = 30,
        plot = 200;
    const groupWidth = clouds.length * bar + gap;
    const width = left + patterns.length * groupWidth + 20;
    const height = top + plot + 60;
    const y = (v: number) => top + plot - (v / max) * plot;
    const parts: string[] = [];
    for (let i = 0; i <= 4; i++) {
        const v = (max / 4) * i;
        parts.push(
            `<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${escapeXml(usd(v))}</text>`,
        );
    }
    patterns.forEach((p, i) => {
        const x0 = left + gap / 2 + i * groupWidth;
        clouds.forEach((c, j) => {
            const v = costs[i][j];
            const x = x0 + j * bar;
            parts.push(
                `<rect class="bar" data-cloud="${c.cloud}" x="${x}" y="${y(v)}" width="${bar - 4}" height="${top + plot - y(v)}" fill="${CLOUD_COLOURS[c.cloud]}"><title>${escapeXml(`${patternLabel(p)} on ${c.cloud}: ${usd(v)} a month`)}</title></rect>`,
                `<text x="${x + (bar - 4) / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="10">${escapeXml(usd(v))}</text>`,
            );
        });
        parts.push(
            `<text x="${x0 + (clouds.length * bar) / 2}" y="${top + plot + 18}" text-anchor="middle" font-size="12">${escapeXml(patternLabel(p))}</text>`,
        );
    });
    clouds.forEach((c, j) => {
        parts.push(
            `<rect x="${left + j * 90}" y="${height - 22}" width="12" height="12" fill="${CLOUD_COLOURS[c.cloud]}"/><text x="${left + j * 90 + 16}" y="${height - 12}" font-size="12">${c.cloud}</text>`,
        );
    });
    return `<svg class="cost-chart" role="img" aria-label="${escapeXml(`Monthly cost per pattern and cloud, stack ${stack}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${parts.join("")}</svg>`;
}

const ROW = 26,
    TITLE = 24,
    PAD = 8,
    COLUMN = 330,
    INDENT = 12;

/** Components as nested boxes (parents from the graph), custom resources as rows with their cost. */
export function architectureDiagram(costs: CloudCosts): string {
    const priced = new Map<string, PricedResource>(costs.resources.map((r) => [r.urn, r]));
    const urns = new Set(costs.graph.map((r) => r.urn));
    const children = new Map<string | undefined, RecordedResource[]>();
    for (const r of costs.graph) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const roots = children.get(undefined) ?? [];
    const columns: RecordedResource[][] = [...roots.filter((r) => !r.custom).map((r) => [r])];
    const loose = roots.filter((r) => r.custom);
    if (loose.length) columns.push(loose);
    const parts: string[] = [];
    let tallest = 0;
    columns.forEach((column, i) => {
        let y = 10;
        for (const r of column) y = draw(r, 10 + i * (COLUMN + 20), y, COLUMN, children, priced, parts) + PAD;
        tallest = Math.max(tallest, y);
    });
    const width = Math.max(1, columns.length) * (COLUMN + 20) + 10;
    const height = tallest + 10;
    const colour = CLOUD_COLOURS[costs.cloud];
    return `<svg class="architecture" data-cloud="${costs.cloud}" role="img" aria-label="${escapeXml(`What ${costs.cloud} would create for stack ${costs.stack}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" style="--cloud:${colour}">${parts.join("")}</svg>`;
}

function draw(
    r: RecordedResource,
    x: number,
    y: number,
    w: number,
    children: Map<string | undefined, RecordedResource[]>,
    priced: Map<string, PricedResource>,
    parts: string[],
): number {
    if (r.custom) {
        const p = priced.get(r.urn);
        const fill = p?.pricing === "priced" ? "#fff" : p?.pricing === "free" ? "#f1f1f1" : "#fde8e8";
        const stroke = p?.pricing === "not-priced" ? "#c62828" : "#999";
        const label = `${shortType(r.type)} ${r.name}`;
        const notFound = p?.costComponents.some((c) => c.priceNotFound) ? " + n/a" : "";
        const cost = p?.pricing === "priced" ? `${usd(p.monthlyCost)}${notFound}` : p?.pricing === "free" ? "free" : "not priced";
        parts.push(
            `<g class="node" data-type="${escapeXml(r.type)}"><title>${escapeXml(`${r.type} ${r.name}${p?.note ? `: ${p.note}` : ""}`)}</title>`,
            `<rect x="${x}" y="${y}" width="${w}" height="${ROW - 4}" rx="3" fill="${fill}" stroke="${stroke}"/>`,
            `<text x="${x + 6}" y="${y + 15}">${escapeXml(truncate(label, Math.floor((w - 80) / 6)))}</text>`,
            `<text x="${x + w - 6}" y="${y + 15}" text-anchor="end" fill="#444">${escapeXml(cost)}</text></g>`,
        );
        return y + ROW;
    }
    const start = y;
    const index = parts.length;
    let inner = y + TITLE;
    for (const child of children.get(r.urn) ?? []) inner = draw(child, x + INDENT, inner, w - 2 * INDENT, children, priced, parts);
    const height = inner - start + PAD / 2;
    parts.splice(
        index,
        0,
        `<g class="component"><rect x="${x}" y="${start}" width="${w}" height="${height}" rx="6" fill="none" stroke="var(--cloud)" stroke-width="1.5"/>`,
        `<text x="${x + 8}" y="${start + 16}" font-weight="bold">${escapeXml(truncate(`${r.name} (${r.type.split(":").pop()})`, Math.floor(w / 7)))}</text></g>`,
    );
    return start + height;
}

function truncate(s: string, n: number): string {
    return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
