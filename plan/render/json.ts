/**
 * Machine output, shaped after Infracost's JSON (`version`, `currency`, `projects[].breakdown
 * .resources[].costComponents[]`, decimal strings for money) with one project per distinct
 * workload (the stacks that share it) and cloud. The projects are alternatives, not parts of one
 * bill, so the document has no grand total.
 */
import type { StackComparison } from "../compare";
import { lowerBound, sum } from "../price";
import type { CostComponent } from "../types";
import { describeProfile, patternLabel, topDrivers } from "./format";

const decimal = (v: number | null) => (v === null ? null : String(Number(v.toFixed(10))));

export function renderJson(stacks: readonly StackComparison[], options: { readonly freeTier?: boolean } = {}): string {
    const freeTier = options.freeTier ?? true;
    const projects = stacks.flatMap((s) =>
        s.clouds.map((c) => {
            const credit = freeTier ? sum(c.freeTier.map((f) => f.credit)) : 0;
            return {
                name: `${s.stacks.map((r) => r.stack).join("+")}/${c.cloud}`,
                metadata: {
                    stacks: s.stacks.map((r) => ({ stack: r.stack, stackFile: r.path, cloud: r.cloud ?? null, region: r.region ?? null })),
                    cloud: c.cloud,
                    stackCloud: c.stackCloud,
                    region: c.region,
                    priceRegion: c.priceRegion,
                    workload: s.workload,
                    workloadDescription: describeProfile(s.workload),
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
                    topCostDrivers: topDrivers(c).map(({ resource, component }) => ({
                        resource: resource.name,
                        resourceType: resource.type,
                        costComponent: component.name,
                        monthlyCost: decimal(component.monthlyCost),
                    })),
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
        priceRegion: c.priceRegion,
        priceSource: c.source,
        priceDate: c.date,
    };
}
