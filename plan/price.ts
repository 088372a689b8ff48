/**
 * Prices one evaluated program on one cloud: every custom resource is priced, marked free,
 * or listed as not priced, never silently zero.
 */
import { CloudCatalog, firstPrice, loadCatalog, priceEntry, tieredCost } from "./catalog";
import type { RecordedResource } from "./mock-cloud";
import { awsPricers } from "./pricing/aws";
import { azurePricers } from "./pricing/azure";
import { gcpPricers } from "./pricing/gcp";
import { kubernetesPricers } from "./pricing/kubernetes";
import type { Pricer } from "./pricing/pricer";
import { CostComponent, FreeTierCredit, PricedResource, Pricing, TargetName } from "./types";
import { patternOf, ResourceUsage, usageOf } from "./usage";
import type { WorkloadProfile } from "./workload";

export const PRICERS: Readonly<Record<TargetName, Readonly<Record<string, Pricer>>>> = {
    aws: awsPricers,
    azure: azurePricers,
    gcp: gcpPricers,
    kubernetes: kubernetesPricers,
};

/** Resources that are Pulumi's own bookkeeping, not something a cloud bills. */
const NOT_CLOUD_RESOURCES = /^(pulumi:providers:|random:|command:|tls:)/;

/** How the catalog accounts for a resource type on a cloud; undefined when it does not. */
export function coverageOf(cloud: TargetName, type: string, catalog: CloudCatalog = loadCatalog(cloud)): Pricing | undefined {
    if (PRICERS[cloud][type]) return "priced";
    if (catalog.free[type] !== undefined || NOT_CLOUD_RESOURCES.test(type)) return "free";
    if (catalog.notPriced[type] !== undefined) return "not-priced";
    return undefined;
}

export interface PricedEvaluation {
    readonly resources: PricedResource[];
    readonly monthlyCost: number;
    readonly idleMonthlyCost: number;
    readonly freeTier: FreeTierCredit[];
    readonly pricesNotFound: string[];
}

export function priceResources(cloud: TargetName, graph: readonly RecordedResource[], profile: WorkloadProfile): PricedEvaluation {
    const catalog = loadCatalog(cloud);
    const byUrn = new Map(graph.map((r) => [r.urn, r]));
    const custom = graph.filter((r) => r.custom);
    const atWorkload = usageOf(graph, profile);
    const atIdle = usageOf(graph, profile, true);
    const idle = applyAccountTiers(
        catalog,
        custom.map((r) => priceResource(cloud, catalog, r, graph, atIdle.get(r.urn)!, "")),
    );
    const resources = applyAccountTiers(
        catalog,
        custom.map((r) => priceResource(cloud, catalog, r, graph, atWorkload.get(r.urn)!, patternOf(r, byUrn))),
    ).map((r, i) => ({ ...r, idleMonthlyCost: idle[i].monthlyCost }));
    const components = resources.flatMap((r) => r.costComponents);
    return {
        resources,
        monthlyCost: sum(resources.map((r) => r.monthlyCost)),
        idleMonthlyCost: sum(resources.map((r) => r.idleMonthlyCost)),
        freeTier: freeTierCredits(catalog, components),
        pricesNotFound: resources.flatMap((r) => r.costComponents.filter(missing).map((c) => `${r.type} ${r.name}: ${c.name}`)),
    };
}

/** A price not found that matters: its quantity is not zero (a missing price times zero is still zero). */
function missing(c: CostComponent): boolean {
    return c.priceNotFound && c.monthlyQuantity > 0;
}

type Unidle = Omit<PricedResource, "idleMonthlyCost">;

/**
 * Volume tiers are per account and month: sums each tiered price's quantity over every resource
 * of the evaluation, prices the sum through the tiers, and charges each resource its share at
 * the resulting mean price.
 */
function applyAccountTiers(catalog: CloudCatalog, resources: readonly Unidle[]): Unidle[] {
    const totals = new Map<string, number>();
    for (const c of resources.flatMap((r) => r.costComponents))
        if (priceEntry(catalog, c.priceId).tiers) totals.set(c.priceId, (totals.get(c.priceId) ?? 0) + c.monthlyQuantity);
    const meanPrice = new Map(
        [...totals].map(([id, quantity]) => {
            const tiers = priceEntry(catalog, id).tiers!;
            return [id, quantity > 0 ? tieredCost(tiers, quantity) / quantity : tiers[0].price];
        }),
    );
    return resources.map((r) => {
        if (!r.costComponents.some((c) => meanPrice.has(c.priceId))) return r;
        const costComponents = r.costComponents.map((c) => {
            const price = meanPrice.get(c.priceId);
            return price === undefined ? c : { ...c, price, monthlyCost: c.monthlyQuantity * price };
        });
        return { ...r, costComponents, monthlyCost: sum(costComponents.map((c) => c.monthlyCost ?? 0)) };
    });
}

function priceResource(
    cloud: TargetName,
    catalog: CloudCatalog,
    r: RecordedResource,
    graph: readonly RecordedResource[],
    usage: ResourceUsage,
    pattern: string,
): Unidle {
    const base = { type: r.type, name: r.name, urn: r.urn, parent: r.parent, pattern };
    const pricer = PRICERS[cloud][r.type];
    if (pricer) {
        const priced = pricer(r, { catalog, usage, resources: graph });
        if (typeof priced === "string") return { ...base, pricing: "free", note: priced, costComponents: [], monthlyCost: 0 };
        const { components, note } = Array.isArray(priced) ? { components: priced, note: undefined } : priced;
        return {
            ...base,
            pricing: "priced",
            ...(note !== undefined && { note }),
            costComponents: components,
            monthlyCost: sum(components.map((c) => c.monthlyCost ?? 0)),
        };
    }
    const coverage = coverageOf(cloud, r.type, catalog);
    const note =
        coverage === "free"
            ? (catalog.free[r.type] ?? "not a cloud resource")
            : coverage === "not-priced"
              ? catalog.notPriced[r.type]
              : `no entry in the ${cloud} price catalog (plan/prices/${cloud}.json)`;
    return { ...base, pricing: coverage === "free" ? "free" : "not-priced", note, costComponents: [], monthlyCost: 0 };
}

/** Free allowances are per account and month: pool every component that draws on one. */
function freeTierCredits(catalog: CloudCatalog, components: readonly CostComponent[]): FreeTierCredit[] {
    const pools = new Map<string, CostComponent[]>();
    for (const c of components)
        if (c.freeTierPool && !c.priceNotFound) pools.set(c.freeTierPool, [...(pools.get(c.freeTierPool) ?? []), c]);
    const credits: FreeTierCredit[] = [];
    for (const [pool, members] of pools) {
        const entry = priceEntry(catalog, members[0].priceId);
        const used = sum(members.map((c) => c.monthlyQuantity));
        if (used === 0) continue;
        const free = Math.min(used, entry.freeTier!);
        // A pool can mix prices (x86 and arm duration): value the allowance at their weighted mean
        // of first-tier prices (the allowance comes off the first tier).
        const meanPrice = sum(members.map((c) => c.monthlyQuantity * (firstPrice(priceEntry(catalog, c.priceId)) ?? 0))) / used;
        credits.push({
            pool,
            description: entry.description,
            unit: entry.unit,
            usedQuantity: used,
            freeQuantity: entry.freeTier!,
            credit: free * meanPrice,
        });
    }
    return credits;
}

/**
 * Whether a sum of these resources' costs is a lower bound: some price in it was not found, on a
 * quantity that is not zero. Idle costs leave usage-based quantities out, so only a missing price
 * on a fixed quantity lowers them.
 */
export function lowerBound(resources: readonly PricedResource[]): { readonly monthly: boolean; readonly idle: boolean } {
    const absent = resources.flatMap((r) => r.costComponents.filter(missing));
    return { monthly: absent.length > 0, idle: absent.some((c) => !c.usageBased) };
}

export function sum(values: readonly number[]): number {
    return values.reduce((a, b) => a + b, 0);
}
