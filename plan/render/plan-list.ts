/** `cloud-patterns plan`: what each cloud would create, per stack and pattern, as a tree. */
import type { StackEvaluation } from "../compare";
import type { RecordedResource } from "../mock-cloud";

export function renderPlan(stacks: readonly StackEvaluation[]): string {
    const out: string[] = [];
    for (const s of stacks) {
        for (const c of s.clouds) {
            const custom = c.resources.filter((r) => r.custom).length;
            out.push(
                `Stack ${s.stack} on ${c.cloud}${s.stackClouds.includes(c.cloud) ? " (the stack's own cloud)" : ""}, ${c.region}: ${custom} resources`,
            );
            const children = new Map<string | undefined, RecordedResource[]>();
            const urns = new Set(c.resources.map((r) => r.urn));
            for (const r of c.resources) {
                const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
                children.set(parent, [...(children.get(parent) ?? []), r]);
            }
            const walk = (parent: string | undefined, indent: string) => {
                for (const r of children.get(parent) ?? []) {
                    out.push(`${indent}${r.custom ? "+" : "*"} ${r.type} ${r.name}`);
                    walk(r.urn, `${indent}    `);
                }
            };
            walk(undefined, "  ");
            out.push("");
        }
    }
    return out.join("\n");
}
