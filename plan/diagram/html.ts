/**
 * The architecture view of one stack on one cloud in the HTML report: the laid-out diagram, and
 * beside it the details of the node clicked (type, name, the inputs that matter, the rows folded
 * into it, its connections, its monthly cost), joined to the priced rows by URN.
 */
import { buildSync } from "esbuild";
import { extname, join } from "node:path";
import { lowerBound, sum } from "../price";
import { patternLabel, shortType, usdAtLeast } from "../render/format";
import { CLOUD_COLOURS, escapeXml } from "../render/svg";
import type { CloudCosts, PricedResource } from "../types";
import { ArchitectureGraph, buildGraph, DiagramNode } from "./graph";
import { inputsThatMatter } from "./inputs";
import { layoutGraph } from "./layout";
import { drawDiagram, NodeCost } from "./svg";

const money = (c: NodeCost) => (c.free ? "free" : usdAtLeast(c.monthly, c.lowerBound));

/** The cost of some resources, from their priced rows (a resource not priced counts as not free, $0, a lower bound). */
function costOf(urns: readonly string[], priced: ReadonlyMap<string, PricedResource>): NodeCost {
    const rows = urns.map((u) => priced.get(u)).filter((r): r is PricedResource => r !== undefined);
    return {
        monthly: sum(rows.map((r) => r.monthlyCost)),
        lowerBound: lowerBound(rows).monthly || rows.some((r) => r.pricing === "not-priced"),
        free: rows.length > 0 && rows.every((r) => r.pricing === "free"),
    };
}

export function architectureView(costs: CloudCosts): string {
    const graph = buildGraph(costs.graph);
    const layout = layoutGraph(graph);
    const priced = new Map(costs.resources.map((r) => [r.urn, r]));
    const id = `${costs.stack}-${costs.cloud}`.replace(/[^A-Za-z0-9-]/g, "-");
    const nodeCost = (n: DiagramNode) =>
        costOf(
            n.members.map((m) => m.urn),
            priced,
        );
    const svg = drawDiagram(graph, layout, {
        id,
        cloud: costs.cloud,
        colour: CLOUD_COLOURS[costs.cloud],
        label: `What ${costs.cloud} would create for stack ${costs.stack}: ${graph.nodes.length} resources that carry data, ${graph.edges.length} connections`,
        costOf: nodeCost,
        money,
    });
    const details = graph.nodes.map((n, i) => nodeDetail(graph, n, `${id}-n${i}`, priced, nodeCost(n)));
    const shared = graph.groups.filter((g) => g.shared.length);
    const sharedNote = shared.length
        ? `<p class="note">Shared by a pattern's nodes: ${shared
              .map(
                  (g) =>
                      `${escapeXml(patternLabel(g.type))}: ${g.shared.map((r) => `${escapeXml(shortType(r.type))} ${escapeXml(r.name)} (${escapeXml(money(costOf([r.urn], priced)))})`).join(", ")}`,
              )
              .join("; ")}.</p>`
        : "";
    return `<div class="architecture-view"><div class="diagram">${svg}</div>
<div class="node-details"><p class="node-hint">Click a node for its type, name, inputs and monthly cost.</p>${details.join("")}</div>${sharedNote}</div>`;
}

function nodeDetail(
    graph: ArchitectureGraph,
    n: DiagramNode,
    id: string,
    priced: ReadonlyMap<string, PricedResource>,
    cost: NodeCost,
): string {
    const [self, ...folded] = n.members;
    const own = costOf([self.urn], priced);
    const name = nameInput(self.inputs) ?? n.name;
    const rows = inputsThatMatter(self.inputs).map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td>${escapeXml(v)}</td></tr>`);
    const foldedRows = folded.map(
        (r) =>
            `<tr><td>${escapeXml(shortType(r.type))}</td><td>${escapeXml(r.name)}</td><td>${escapeXml(money(costOf([r.urn], priced)))}</td></tr>`,
    );
    const nameOf = (urn: string) => graph.nodes.find((x) => x.urn === urn)?.name ?? urn;
    const connections = graph.edges
        .filter((e) => e.from === n.urn || e.to === n.urn)
        .map(
            (e) =>
                `<li>${escapeXml(e.from === n.urn ? `→ ${nameOf(e.to)}` : `← ${nameOf(e.from)}`)} <span class="note">(${escapeXml(e.via.join(", "))})</span></li>`,
        );
    return `<div class="node-detail" data-node="${id}" hidden><h4>${escapeXml(n.name)}</h4>
<dl><dt>Type</dt><dd>${escapeXml(n.type)} (${escapeXml(n.kind)})</dd><dt>Name</dt><dd>${escapeXml(name)}</dd>
<dt>Monthly</dt><dd>${escapeXml(money(own))} itself${folded.length ? `, ${escapeXml(money(cost))} with the ${folded.length} rows folded into it` : ""}</dd></dl>
${connections.length ? `<p>Connections</p><ul>${connections.join("")}</ul>` : ""}
${rows.length ? `<table class="inputs"><tr><th>Input</th><th>Value</th></tr>${rows.join("")}</table>` : ""}
${foldedRows.length ? `<table class="folded"><tr><th>Folded row</th><th>Name</th><th>Monthly</th></tr>${foldedRows.join("")}</table>` : ""}</div>`;
}

/** The physical name, under whichever input the provider calls it. */
function nameInput(inputs: Readonly<Record<string, unknown>>): string | undefined {
    const v = ["name", "functionName", "queueName", "topicName", "accountName", "serviceName", "accountId", "tableName"]
        .map((k) => inputs[k])
        .find((x) => typeof x === "string");
    return v as string | undefined;
}

let script: string | undefined;
/** The page's one script, bundled from client.ts (client.js in the compiled build) once per process. */
export function diagramScript(): string {
    script ??= buildSync({
        entryPoints: [join(__dirname, `client${extname(__filename)}`)],
        bundle: true,
        minify: true,
        write: false,
        format: "iife",
        target: "es2020",
        logLevel: "silent",
    }).outputFiles[0].text.trim();
    return script;
}
