/**
 * The architecture graph as Mermaid (`flowchart LR`), for a README or a pull request: one
 * subgraph per pattern, a node per resource that carries data (its shape says its kind), an
 * edge per connection labelled with the input it was read from.
 */
import type { StackEvaluation } from "../compare";
import { ArchitectureGraph, buildGraph, groupTitle } from "./graph";
import type { NodeKind } from "./kinds";

/** Mermaid node shapes: [open, close] around the label. */
const SHAPES: Readonly<Record<NodeKind, readonly [string, string]>> = {
    "front door": ["([", "])"],
    function: ["[", "]"],
    container: ["[", "]"],
    queue: ["[[", "]]"],
    topic: ["{{", "}}"],
    stream: ["[/", "/]"],
    store: ["[(", ")]"],
    search: ["[(", ")]"],
    analytics: ["[(", ")]"],
};

/** Quotes and markup characters as Mermaid entity codes (`#34;`), so a name never breaks the syntax. */
function escape(text: string): string {
    return text.replace(/[#"<>&|]/g, (c) => `#${c.charCodeAt(0)};`);
}

const label = (text: string) => `"${escape(text)}"`;

export function renderMermaid(graph: ArchitectureGraph): string {
    const ids = new Map(graph.nodes.map((n, i) => [n.urn, `n${i}`]));
    const lines = ["flowchart LR"];
    graph.groups.forEach((g, i) => {
        const members = graph.nodes.filter((n) => n.group === g.urn);
        if (!members.length) return;
        lines.push(`    subgraph g${i}[${label(groupTitle(g))}]`);
        for (const n of members) {
            const [open, close] = SHAPES[n.kind];
            lines.push(
                `        ${ids.get(n.urn)}${open}"${escape(n.name)}<br/>${escape(`${n.kind} · ${n.type.split(":").pop()}`)}"${close}`,
            );
        }
        lines.push("    end");
    });
    for (const e of graph.edges) lines.push(`    ${ids.get(e.from)} -->|${label(e.via[0])}| ${ids.get(e.to)}`);
    return `${lines.join("\n")}\n`;
}

/** `cloud-patterns plan --mermaid`: a Markdown heading and a fenced Mermaid block per stack and cloud. */
export function renderPlanMermaid(stacks: readonly StackEvaluation[]): string {
    return stacks
        .flatMap((s) =>
            s.clouds.map(
                (c) =>
                    `### Stack ${s.stack} on ${c.cloud}${c.cloud === s.stackCloud ? " (the stack's own cloud)" : ""}, ${c.region}\n\n\`\`\`mermaid\n${renderMermaid(buildGraph(c.resources))}\`\`\`\n`,
            ),
        )
        .join("\n");
}
