/** Number and name formatting shared by the renderers. */
import type { CloudCosts, CostComponent, PricedResource } from "../types";
import { PATTERN_PREFIX } from "../usage";
import type { Workload, WorkloadProfile } from "../workload";

export function usd(v: number): string {
    return `$${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The sign marking a sum as a lower bound: it leaves out prices that were not found. */
export const LOWER_BOUND = "≥ ";

/** `usd`, marked as a lower bound when some price in the sum was not found. */
export function usdAtLeast(v: number, lowerBound: boolean): string {
    return `${lowerBound ? LOWER_BOUND : ""}${usd(v)}`;
}

/** The pattern's class name, or a label for resources outside every pattern. */
export function patternLabel(type: string): string {
    return type ? type.slice(PATTERN_PREFIX.length) : "(outside any pattern)";
}

/** `aws:lambda/function:Function` -> `lambda.Function`, `azure-native:web:WebApp` -> `web.WebApp`. */
export function shortType(type: string): string {
    const [, module = "", kind = type] = type.split(":");
    return `${module.split("/")[0]}.${kind}`;
}

export function count(v: number): string {
    if (v >= 1e6 && v % 1e5 === 0) return `${v / 1e6}M`;
    if (v >= 1e3 && v % 100 === 0) return `${v / 1e3}K`;
    return v.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

export function describeWorkload(w: Workload): string {
    return [
        `${count(w.requests)} requests`,
        `${count(w.messages)} messages`,
        `${count(w.events)} events`,
        `${count(w.reads)} reads`,
        `${count(w.writes)} writes`,
        `${count(w.storageGb)} GB stored`,
        `${count(w.averageDurationMs)} ms per invocation`,
        `${count(w.logKbPerInvocation)} KB logs per invocation`,
        ...(w.logGb ? [`${count(w.logGb)} GB more logs`] : []),
    ].join(", ");
}

/** The profile each pattern is priced at, one line per pattern with a profile of its own, then the rest. */
export function describeProfile(profile: WorkloadProfile): string[] {
    const own = Object.entries(profile.patterns).map(([key, w]) => `${key}: ${describeWorkload(w)}`);
    return [...own, `${own.length ? "any other pattern" : "every pattern"}: ${describeWorkload(profile.base)}`];
}

/** A cost component with the resource it belongs to. */
export interface CostLine {
    readonly resource: PricedResource;
    readonly component: CostComponent;
}

/** The `n` cost components that make most of a cloud's monthly cost, largest first. */
export function topDrivers(c: CloudCosts, n = 5): CostLine[] {
    return c.resources
        .flatMap((resource) => resource.costComponents.map((component) => ({ resource, component })))
        .filter((l) => (l.component.monthlyCost ?? 0) > 0)
        .sort((a, b) => b.component.monthlyCost! - a.component.monthlyCost!)
        .slice(0, n);
}

/** Where a price is from, when that is not the stack's region: "(us-east-1 price)". */
export function priceRegionNote(component: CostComponent, stackRegion: string): string {
    const region = component.priceRegion;
    if (region === "global" || region === stackRegion) return "";
    return region === "unstated" ? " (price of a region its source does not state)" : ` (${region} price)`;
}

/** Patterns in first-seen order, each with its resources. */
export function byPattern(resources: readonly PricedResource[]): Map<string, PricedResource[]> {
    const groups = new Map<string, PricedResource[]>();
    for (const r of resources) groups.set(r.pattern, [...(groups.get(r.pattern) ?? []), r]);
    return groups;
}

/** Every pattern present on any cloud of a stack, in first-seen order. */
export function patternsOf(clouds: readonly { readonly resources: readonly PricedResource[] }[]): string[] {
    return [...new Set(clouds.flatMap((c) => c.resources.map((r) => r.pattern)))];
}

/** The notes priced resources carry (what the other choice would cost), one line each. */
export function pricedNoteLines(c: CloudCosts): string[] {
    return c.resources.filter((r) => r.pricing === "priced" && r.note).map((r) => `${c.cloud}: ${shortType(r.type)} ${r.name}: ${r.note}`);
}

/** "type name: component" entries, counted by type and component: "type: component (x4)". */
export function notFoundLines(entries: readonly string[]): string[] {
    const counts = new Map<string, number>();
    for (const e of entries.map((x) => x.replace(/ \S+: /, ": "))) counts.set(e, (counts.get(e) ?? 0) + 1);
    return [...counts].map(([what, n]) => `${what}${n > 1 ? ` (x${n})` : ""}`);
}
