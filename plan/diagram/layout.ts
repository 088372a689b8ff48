/** Places the architecture graph with dagre (layered, left to right), each pattern a cluster around its nodes. */
import dagre from "@dagrejs/dagre";
import type { ArchitectureGraph } from "./graph";

export interface Box {
    /** Top-left corner. */
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

export interface Layout {
    readonly width: number;
    readonly height: number;
    readonly nodes: ReadonlyMap<string, Box>;
    /** Keyed by group URN ("" for resources outside every pattern). */
    readonly groups: ReadonlyMap<string, Box>;
    /** In the graph's edge order. */
    readonly edges: readonly (readonly { x: number; y: number }[])[];
}

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 44;
/** Room above a cluster's nodes for its title. */
const GROUP_TITLE = 22;
const GROUP_PREFIX = "group:";

export function layoutGraph(graph: ArchitectureGraph): Layout {
    const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
    g.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 46, marginx: 8, marginy: 8 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const group of graph.groups) g.setNode(GROUP_PREFIX + group.urn, { width: 0, height: 0, paddingTop: GROUP_TITLE });
    for (const node of graph.nodes) {
        g.setNode(node.urn, { width: NODE_WIDTH, height: NODE_HEIGHT });
        g.setParent(node.urn, GROUP_PREFIX + node.group);
    }
    for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
    dagre.layout(g);
    const box = (id: string, top = 0): Box => {
        const n = g.node(id);
        return { x: n.x! - n.width / 2, y: n.y! - n.height / 2 - top, width: n.width, height: n.height + top };
    };
    const nodes = new Map(graph.nodes.map((n) => [n.urn, box(n.urn)]));
    const groups = new Map(graph.groups.map((gr) => [gr.urn, box(GROUP_PREFIX + gr.urn, GROUP_TITLE)]));
    const all = [...nodes.values(), ...groups.values()];
    // dagre leaves no room above a cluster for its title: shift everything down by it.
    const top = Math.min(0, ...all.map((b) => b.y - 8));
    const shift = (b: Box): Box => ({ ...b, y: b.y - top });
    const label = g.graph();
    return {
        width: Math.ceil(Math.max(label.width ?? 0, ...all.map((b) => b.x + b.width + 8))),
        height: Math.ceil(Math.max(label.height ?? 0, ...all.map((b) => b.y + b.height + 8)) - top),
        nodes: new Map([...nodes].map(([k, b]) => [k, shift(b)])),
        groups: new Map([...groups].map(([k, b]) => [k, shift(b)])),
        edges: graph.edges.map((e) =>
            ((g.edge(e.from, e.to).points ?? []) as { x: number; y: number }[]).map((p) => ({ x: p.x, y: p.y - top })),
        ),
    };
}
