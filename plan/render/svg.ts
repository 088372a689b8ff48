/** Inline SVG: the cost bar chart (the architecture diagram is plan/diagram/). */
import { lowerBound, sum } from "../price";
import type { CloudCosts, TargetName } from "../types";
import { byPattern, patternLabel, patternsOf, usd, usdAtLeast } from "./format";

export const CLOUD_COLOURS: Readonly<Record<TargetName, string>> = {
    aws: "#e8890c",
    azure: "#0078d4",
    gcp: "#34a853",
    kubernetes: "#326ce5",
};

export function escapeXml(s: string): string {
    return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Round tick values from 0 past `max`: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(max: number, count = 4): number[] {
    const raw = Math.max(max, 1e-9) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
    const ticks: number[] = [];
    for (let v = 0; ticks.length === 0 || ticks[ticks.length - 1] < max; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
}

/** `usd` without cents when the value is whole: axis labels. */
function tickLabel(v: number): string {
    return Number.isInteger(v) ? `$${v.toLocaleString("en-US")}` : usd(v);
}

/** One group of bars per pattern, one bar per cloud: monthly cost at the workload, "≥" where a price was not found. */
export function costChart(stack: string, clouds: readonly CloudCosts[]): string {
    const patterns = patternsOf(clouds);
    const members = patterns.map((p) => clouds.map((c) => byPattern(c.resources).get(p) ?? []));
    const costs = members.map((row) => row.map((m) => sum(m.map((r) => r.monthlyCost))));
    const bounds = members.map((row) => row.map((m) => lowerBound(m).monthly));
    const ticks = niceTicks(Math.max(1, ...costs.flat()));
    const max = ticks[ticks.length - 1];
    const bar = 40,
        gap = 36,
        left = 70,
        top = 30,
        plot = 200;
    const groupWidth = clouds.length * bar + gap;
    const width = left + patterns.length * groupWidth + 20;
    const height = top + plot + 60;
    const y = (v: number) => top + plot - (v / max) * plot;
    const parts: string[] = [];
    for (const v of ticks) {
        parts.push(
            `<line class="tick" x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${escapeXml(tickLabel(v))}</text>`,
        );
    }
    patterns.forEach((p, i) => {
        const x0 = left + gap / 2 + i * groupWidth;
        clouds.forEach((c, j) => {
            const v = costs[i][j];
            const label = usdAtLeast(v, bounds[i][j]);
            const x = x0 + j * bar;
            parts.push(
                `<rect class="bar" data-cloud="${c.cloud}" x="${x}" y="${y(v)}" width="${bar - 4}" height="${top + plot - y(v)}" fill="${CLOUD_COLOURS[c.cloud]}"><title>${escapeXml(`${patternLabel(p)} on ${c.cloud}: ${label} a month${bounds[i][j] ? " (a lower bound: some prices were not found)" : ""}`)}</title></rect>`,
                `<text class="bar-label" x="${x + (bar - 4) / 2}" y="${y(v) - 4}" text-anchor="middle" font-size="9">${escapeXml(label)}</text>`,
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
