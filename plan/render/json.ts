/**
 * Machine output, shaped after Infracost's JSON (`version`, `currency`, `projects[].breakdown
 * .resources[].costComponents[]`, decimal strings for money) with one project per stack and cloud.
 */
import type { StackComparison } from "../compare";
import { loadCatalog } from "../catalog";
import { lowerBound, sum } from "../price";
import type { CostComponent } from "../types";
import { patternLabel } from "./format";

const decimal = (v: number | null) => (v === null ? null : String(Number(v.toFixed(10))));

export function renderJson(stacks: readonly StackComparison[], options: { readonly freeTier?: boolean } = {}): string {
    const freeTier = options.freeTier ?? true;
    const projects = stacks.flatMap((s) =>
        s.clouds.map((c) => {
            const credit = freeTier ? sum(c.freeTier.map((f) => f.credit)) : 0;
            return {
                name: `${s.stack}/${c.cloud}`,
                metadata: {
                    stack: s.stack,
                    stackFile: s.path,
                    cloud: c.cloud,
                    stackCloud: c.stackCloud,
                    region: c.region,
                    priceRegion: loadCatalog(c.cloud).region,
                    workload: s.workload,
                },
                breakdown: {
                    resources: c.resources.map((r) => ({
                        name: r.name,
                        resourceType: r.type,
                        metadata: {
                            urn: r.urn,
                            parent: r.parent ?? null,
                            pattern: patternLabel(r.pattern),
                            pricing: r.pricing,
                            note: r.note ?? null,
                        },
                        monthlyCost: decimal(r.monthlyCost),
                        idleMonthlyCost: decimal(r.idleMonthlyCost),
                        monthlyCostIsLowerBound: lowerBound([r]).monthly,
                        costComponents: r.costComponents.map(component),
                    })),
                    totalMonthlyCost: decimal(c.monthlyCost),
                    idleMonthlyCost: decimal(c.idleMonthlyCost),
                    // A price not found is left out of the sums: they are then at least, not exactly, the cost.
                    totalMonthlyCostIsLowerBound: lowerBound(c.resources).monthly,
                    idleMonthlyCostIsLowerBound: lowerBound(c.resources).idle,
                    freeTier: freeTier ? c.freeTier.map((f) => ({ ...f, credit: decimal(f.credit) })) : [],
                    totalMonthlyCostAfterFreeTier: decimal(c.monthlyCost - credit),
                },
                summary: {
                    totalDetectedResources: c.resources.length,
                    totalSupportedResources: c.resources.filter((r) => r.pricing === "priced").length,
                    totalNoPriceResources: c.resources.filter((r) => r.pricing === "free").length,
                    totalUnsupportedResources: c.resources.filter((r) => r.pricing === "not-priced").length,
                    pricesNotFound: c.pricesNotFound,
                },
            };
        }),
    );
    return JSON.stringify(
        {
            version: "0.2",
            currency: "USD",
            metadata: {
                tool: "cloud-patterns",
                freeTier,
                priceCatalogs: Object.fromEntries(["aws", "azure", "gcp"].map((cl) => [cl, `plan/prices/${cl}.json`])),
            },
            projects,
            totalMonthlyCost: decimal(sum(stacks.flatMap((s) => s.clouds.map((c) => c.monthlyCost)))),
            totalMonthlyCostIsLowerBound: stacks.some((s) => s.clouds.some((c) => lowerBound(c.resources).monthly)),
        },
        null,
        2,
    );
}

function component(c: CostComponent) {
    return {
        name: c.name,
        unit: c.unit,
        monthlyQuantity: decimal(c.monthlyQuantity),
        price: decimal(c.price),
        monthlyCost: decimal(c.monthlyCost),
        usageBased: c.usageBased,
        priceNotFound: c.priceNotFound,
        priceId: c.priceId,
    };
}
