/**
 * The architecture graph of one evaluated program on one cloud: the resources that carry data as
 * nodes, grouped by pattern, and edges from the real references between resources, as the engine
 * recorded them (which resources' outputs each input was built from: `RecordedResource.dependencies`).
 * Everything else (IAM, policies, role assignments, logs, deployment storage, config) is folded into
 * the node it serves, and its references count as that node's.
 */
import { PATTERN_TYPE_PREFIX } from "../../components/pattern-type";
import type { RecordedResource } from "../mock-cloud";
import { patternLabel } from "../render/format";
import { isIdentity, isScope, NodeKind, nodeKind } from "./kinds";

export interface DiagramNode {
    readonly urn: string;
    readonly type: string;
    /** The logical (Pulumi) name. */
    readonly name: string;
    readonly kind: NodeKind;
    /** URN of the pattern component the node belongs to, or "" outside every pattern. */
    readonly group: string;
    /** The node's own resource first, then the rows folded into it. */
    readonly members: readonly RecordedResource[];
}

export interface DiagramEdge {
    readonly from: string;
    readonly to: string;
    /** The inputs the connection was read from: `property` on the node, `Type.property` on a row folded into it. */
    readonly via: readonly string[];
}

export interface DiagramGroup {
    /** The pattern component's URN, or "" for resources outside every pattern. */
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Rows that serve several nodes of the pattern (resource groups, a shared namespace). */
    readonly shared: readonly RecordedResource[];
}

export interface ArchitectureGraph {
    readonly groups: readonly DiagramGroup[];
    readonly nodes: readonly DiagramNode[];
    readonly edges: readonly DiagramEdge[];
}

/** "Retry retry": the pattern and the component's name. */
export function groupTitle(group: DiagramGroup): string {
    return group.type ? `${patternLabel(group.type)} ${group.name}` : patternLabel("");
}

interface Reference {
    readonly from: string;
    readonly to: string;
    readonly property: string;
}

/**
 * Inputs through which data comes *into* the resource that holds them: an event source, a
 * trigger, the caller a permission admits, the principal a grant lets in.
 */
const INBOUND = /^(eventSourceArn|source|sourceArn|eventTrigger|member|principalId)$/;
/**
 * Azure built-in roles that read from their scope (role assignment `roleDefinitionId`): a grant of
 * one carries data from the scope to the principal. IDs from "Azure built-in roles" (Microsoft Learn).
 */
const RECEIVER_ROLES = [
    "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", // Azure Service Bus Data Receiver
    "a638d3c7-ab3a-418d-83e6-5f17a39d4fde", // Azure Event Hubs Data Receiver
    "8a0f0c08-91a1-4084-bc3d-661d67233fed", // Storage Queue Data Message Processor
];
/** Inputs that name the resource they belong to or act on (its id, name or ARN), rather than pass it data. */
const ADDRESS = /(Id|Name|Arn)$|^(name|function|role|bucket|topic|api|database|scope|member)$/;

const kindName = (type: string) => type.split(":").pop()!.toLowerCase();
const isAddress = (property: string, targetType: string) => ADDRESS.test(property) || property.toLowerCase().includes(kindName(targetType));

/** Every reference between custom resources, from the engine's property dependencies. */
export function referencesOf(resources: readonly RecordedResource[]): Reference[] {
    const custom = new Set(resources.filter((r) => r.custom).map((r) => r.urn));
    return resources
        .filter((r) => r.custom)
        .flatMap((r) =>
            Object.entries(r.dependencies ?? {}).flatMap(([property, urns]) =>
                urns.filter((u) => u !== r.urn && custom.has(u)).map((to) => ({ from: r.urn, to, property })),
            ),
        );
}

/** The nearest enclosing pattern component, or "". */
function groupOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): string {
    for (let p = r.parent && byUrn.get(r.parent); p; p = p.parent ? byUrn.get(p.parent) : undefined)
        if (p.type.startsWith(PATTERN_TYPE_PREFIX)) return p.urn;
    return "";
}

export function buildGraph(resources: readonly RecordedResource[]): ArchitectureGraph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const references = referencesOf(resources);
    const out = new Map<string, Reference[]>();
    const into = new Map<string, Reference[]>();
    for (const ref of references) {
        out.set(ref.from, [...(out.get(ref.from) ?? []), ref]);
        into.set(ref.to, [...(into.get(ref.to) ?? []), ref]);
    }
    const isNode = (urn: string) => nodeKind(byUrn.get(urn)!.type) !== undefined;
    const typeOf = (urn: string) => byUrn.get(urn)!.type;

    const owners = new Map<string, string | null>();
    /** The node a row serves; null when it serves several (it belongs to the pattern). */
    const ownerOf = (urn: string, visiting: Set<string> = new Set()): string | null => {
        if (isNode(urn)) return urn;
        if (owners.has(urn)) return owners.get(urn)!;
        if (isScope(typeOf(urn))) return null;
        visiting.add(urn);
        const candidates: Candidate[] = [];
        for (const ref of out.get(urn) ?? []) {
            const address = isAddress(ref.property, typeOf(ref.to));
            if (isNode(ref.to)) candidates.push({ urn: ref.to, address, direct: true });
            // A grant on an identity serves what runs as it.
            else if (isIdentity(typeOf(ref.to)))
                for (const user of into.get(ref.to) ?? [])
                    if (isNode(user.from)) candidates.push({ urn: user.from, address, direct: false });
        }
        for (const ref of into.get(urn) ?? [])
            if (isNode(ref.from)) candidates.push({ urn: ref.from, address: isAddress(ref.property, typeOf(urn)), direct: true });
        let owner = choose(candidates, typeOf);
        if (candidates.length === 0) {
            // Reached only through other rows (a log group through its stage): theirs.
            const neighbours = [...(out.get(urn) ?? []).map((r) => r.to), ...(into.get(urn) ?? []).map((r) => r.from)];
            for (const n of neighbours) {
                if (visiting.has(n) || isScope(typeOf(n))) continue;
                const found = ownerOf(n, visiting);
                if (found) {
                    owner = found;
                    break;
                }
            }
        }
        visiting.delete(urn);
        if (visiting.size === 0) owners.set(urn, owner);
        return owner;
    };

    const custom = resources.filter((r) => r.custom);
    const members = new Map<string, RecordedResource[]>();
    const shared = new Map<string, RecordedResource[]>();
    for (const r of custom) {
        const owner = ownerOf(r.urn);
        if (owner === null) {
            const group = groupOf(r, byUrn);
            shared.set(group, [...(shared.get(group) ?? []), r]);
        } else if (owner !== r.urn) members.set(owner, [...(members.get(owner) ?? []), r]);
    }
    const nodes: DiagramNode[] = custom
        .filter((r) => isNode(r.urn))
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            kind: nodeKind(r.type)!,
            group: groupOf(r, byUrn),
            members: [r, ...(members.get(r.urn) ?? [])],
        }));
    const groupUrns = [...new Set([...nodes.map((n) => n.group), ...shared.keys()])];
    const groups = groupUrns.map((urn) => {
        const component = byUrn.get(urn);
        return { urn, type: component?.type ?? "", name: component?.name ?? "", shared: shared.get(urn) ?? [] };
    });
    return { groups, nodes, edges: edgesOf(references, byUrn, ownerOf) };
}

interface Candidate {
    readonly urn: string;
    /** Whether the row names it by address (id, name, ARN), rather than passing it data. */
    readonly address: boolean;
    /** false when reached through an identity the row names. */
    readonly direct: boolean;
}

/**
 * One candidate: it; else the one the row names by address, the resource it is on before the
 * principal it admits; else the one function among them; else none (null): the row serves several.
 */
function choose(candidates: readonly Candidate[], typeOf: (urn: string) => string): string | null {
    const all = [...new Set(candidates.map((c) => c.urn))];
    if (all.length <= 1) return all[0] ?? null;
    const addressed = [...new Set(candidates.filter((c) => c.address).map((c) => c.urn))];
    if (addressed.length === 1) return addressed[0];
    const onResource = [...new Set(candidates.filter((c) => c.address && c.direct).map((c) => c.urn))];
    if (onResource.length === 1 && nodeKind(typeOf(onResource[0])) === "function") return onResource[0];
    const pool = addressed.length ? addressed : all;
    const functions = pool.filter((u) => nodeKind(typeOf(u)) === "function" || nodeKind(typeOf(u)) === "container");
    return functions.length === 1 ? functions[0] : null;
}

function inbound(ref: Reference, holder: RecordedResource): boolean {
    if (INBOUND.test(ref.property)) return true;
    const role = holder.inputs.roleDefinitionId;
    return ref.property === "scope" && typeof role === "string" && RECEIVER_ROLES.some((id) => role.endsWith(id));
}

/** Node-to-node edges, one per pair: data flows the way any inbound reference says, else from the referrer. */
function edgesOf(
    references: readonly Reference[],
    byUrn: ReadonlyMap<string, RecordedResource>,
    ownerOf: (urn: string) => string | null,
): DiagramEdge[] {
    const pairs = new Map<string, { from: string; to: string; via: string[]; inbound: boolean }>();
    for (const ref of references) {
        const a = ownerOf(ref.from);
        const b = ownerOf(ref.to);
        if (!a || !b || a === b) continue;
        const holder = byUrn.get(ref.from)!;
        const isInbound = inbound(ref, holder);
        const [from, to] = isInbound ? [b, a] : [a, b];
        const label = ref.from === a ? ref.property : `${holder.type.split(":").pop()}.${ref.property}`;
        const key = [a, b].sort().join("\n");
        const edge = pairs.get(key);
        if (!edge) pairs.set(key, { from, to, via: [label], inbound: isInbound });
        else {
            if (!edge.via.includes(label)) edge.via.push(label);
            // An event source or trigger says which way the data goes; a grant or a setting only that the two meet.
            if (isInbound && !edge.inbound) Object.assign(edge, { from, to, inbound: true });
        }
    }
    return [...pairs.values()].map(({ from, to, via }) => ({ from, to, via }));
}
