/** The architecture graph drawn as inline SVG: pattern clusters, nodes with their monthly cost, edges with arrowheads. */
import { escapeXml } from "../render/svg";
import { ArchitectureGraph, DiagramNode, groupTitle } from "./graph";
import type { NodeKind } from "./kinds";
import type { Layout } from "./layout";

/** What a node costs: its own resource and the rows folded into it. */
export interface NodeCost {
    readonly monthly: number;
    /** Some price in the sum was not found: the figure is a lower bound. */
    readonly lowerBound: boolean;
    /** Every resource in it is free by nature. */
    readonly free: boolean;
}

const KIND_COLOURS: Readonly<Record<NodeKind, string>> = {
    "front door": "#6a1b9a",
    function: "#e65100",
    container: "#bf360c",
    queue: "#1565c0",
    topic: "#00838f",
    stream: "#2e7d32",
    store: "#4e342e",
    search: "#ad1457",
    analytics: "#283593",
};

/** Characters of an 11 px label that fit in a node, and of the 10 px kind line (shared with the cost). */
const LABEL_CHARS = 27;
const KIND_CHARS = 28;

export interface DrawOptions {
    /** Prefix of the node ids, unique in the page. */
    readonly id: string;
    readonly cloud: string;
    readonly colour: string;
    readonly label: string;
    readonly costOf: (node: DiagramNode) => NodeCost;
    readonly money: (cost: NodeCost) => string;
}

export function drawDiagram(graph: ArchitectureGraph, layout: Layout, o: DrawOptions): string {
    const parts: string[] = [];
    for (const group of graph.groups) {
        const b = layout.groups.get(group.urn);
        if (!b || !graph.nodes.some((n) => n.group === group.urn)) continue;
        parts.push(
            `<g class="group"><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="8" fill="none" stroke="${o.colour}" stroke-width="1.5"/>`,
            `<text x="${b.x + 8}" y="${b.y + 15}" font-weight="bold">${escapeXml(groupTitle(group))}</text></g>`,
        );
    }
    graph.edges.forEach((e, i) => {
        const points = layout.edges[i];
        if (points.length < 2) return;
        const d = points.map((p, j) => `${j ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
        parts.push(
            `<g class="edge-group"><title>${escapeXml(`${nameOf(graph, e.from)} → ${nameOf(graph, e.to)}: ${e.via.join(", ")}`)}</title>`,
            `<path class="edge" d="${d}" fill="none" stroke="#555" stroke-width="1.3"/>${arrowhead(points)}</g>`,
        );
    });
    graph.nodes.forEach((n, i) => {
        const b = layout.nodes.get(n.urn)!;
        const cost = o.costOf(n);
        const fill = cost.free ? "#f4f4f4" : "#fff";
        const price = o.money(cost);
        parts.push(
            `<g class="node" data-node="${o.id}-n${i}" data-kind="${n.kind}" tabindex="0" role="button" aria-label="${escapeXml(`${n.kind} ${n.name}: details`)}">`,
            `<title>${escapeXml(`${n.type} ${n.name}: ${o.money(cost)} a month${n.members.length > 1 ? ` with ${n.members.length - 1} folded rows` : ""}`)}</title>`,
            `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="5" fill="${fill}" stroke="${KIND_COLOURS[n.kind]}" stroke-width="1.5"/>`,
            `<rect x="${b.x}" y="${b.y}" width="5" height="${b.height}" rx="2" fill="${KIND_COLOURS[n.kind]}"/>`,
            `<text x="${b.x + 10}" y="${b.y + 16}" fill="${KIND_COLOURS[n.kind]}" font-size="10">${escapeXml(truncate(`${n.kind} · ${n.type.split(":").pop()}`, KIND_CHARS - price.length))}</text>`,
            `<text x="${b.x + b.width - 6}" y="${b.y + 16}" text-anchor="end" font-size="10" fill="#333">${escapeXml(price)}</text>`,
            `<text x="${b.x + 10}" y="${b.y + 33}">${escapeXml(truncate(n.name, LABEL_CHARS))}</text></g>`,
        );
    });
    return `<svg class="architecture" data-cloud="${o.cloud}" data-edges="${graph.edges.length}" role="img" aria-label="${escapeXml(o.label)}" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif" font-size="11">${parts.join("")}</svg>`;
}

function nameOf(graph: ArchitectureGraph, urn: string): string {
    return graph.nodes.find((n) => n.urn === urn)?.name ?? urn;
}

/** A filled triangle at the end of the last segment (no marker: nothing in the page is referenced by URL). */
function arrowhead(points: readonly { x: number; y: number }[]): string {
    const a = points[points.length - 2];
    const b = points[points.length - 1];
    const angle = Math.atan2(b.y - a.y, b.x - a.x);
    const at = (r: number, t: number) => `${(b.x + r * Math.cos(angle + t)).toFixed(1)},${(b.y + r * Math.sin(angle + t)).toFixed(1)}`;
    return `<polygon class="arrow" points="${b.x.toFixed(1)},${b.y.toFixed(1)} ${at(8, Math.PI - 0.4)} ${at(8, Math.PI + 0.4)}" fill="#555"/>`;
}

export function truncate(s: string, n: number): string {
    return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
