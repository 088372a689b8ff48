/**
 * The shapes the plan and cost comparison passes between its stages:
 * evaluate (resources) -> price (cost components, after Infracost's model) -> render.
 */
import type { RecordedResource } from "./mock-cloud";

/** The clouds every comparison evaluates. */
export const CLOUDS = ["aws", "azure", "gcp"] as const;
export type CloudName = (typeof CLOUDS)[number];
/**
 * Every target the plan prices: the clouds, and Kubernetes, which a comparison adds when one of
 * its stack files picks it (only the Ambassador deploys there) or `--cloud kubernetes` asks.
 */
export const TARGETS = [...CLOUDS, "kubernetes"] as const;
export type TargetName = (typeof TARGETS)[number];

/** One Infracost-style cost component: quantity x unit price = monthly cost. */
export interface CostComponent {
    readonly name: string;
    /** The catalog unit the quantity and price are in, e.g. "1M requests", "GB-seconds". */
    readonly unit: string;
    /** null when the quantity depends on usage the profile does not give. */
    readonly monthlyQuantity: number;
    /** USD per unit; null when the catalog has no sourced figure (priceNotFound). */
    readonly price: number | null;
    /** null when the price was not found: never counted as zero. */
    readonly monthlyCost: number | null;
    /** true when the quantity comes from the workload profile rather than the resource's inputs. */
    readonly usageBased: boolean;
    readonly priceNotFound: boolean;
    /** The catalog entry the price came from. */
    readonly priceId: string;
    /** The region the price is for (the catalog entry's `region`): compare with the stack's region. */
    readonly priceRegion: string;
    /** The price's source and its date, from the catalog entry. */
    readonly source: string;
    readonly date: string;
    /** The free-tier pool this quantity draws on (per cloud account and month), when the price has one. */
    readonly freeTierPool?: string;
}

/** How a resource type is accounted for: priced, free by nature, or explicitly not priced. */
export type Pricing = "priced" | "free" | "not-priced";

export interface PricedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent?: string;
    /** Type token of the pattern component the resource belongs to, or "" for none. */
    readonly pattern: string;
    readonly pricing: Pricing;
    /** Why a free or not-priced resource costs what it does, from the catalog; on a priced one, what its pricer says beside the cost (the other choice's cost). */
    readonly note?: string;
    readonly costComponents: CostComponent[];
    /** Sum of found component costs. */
    readonly monthlyCost: number;
    /** The same at zero workload: what the resource costs deployed and idle. */
    readonly idleMonthlyCost: number;
}

/** Credit from a free tier, shared by every resource of a cloud that draws on its pool. */
export interface FreeTierCredit {
    readonly pool: string;
    readonly description: string;
    readonly unit: string;
    readonly usedQuantity: number;
    readonly freeQuantity: number;
    readonly credit: number;
}

/** One stack's program evaluated and priced on one cloud. */
export interface CloudCosts {
    /** The stack, or the stacks sharing one workload, joined with ", ". */
    readonly stack: string;
    readonly cloud: TargetName;
    /** Whether this is the cloud the stack file itself picks. */
    readonly stackCloud: boolean;
    readonly region: string;
    /** The catalog's default price region for the cloud. */
    readonly priceRegion: string;
    readonly resources: PricedResource[];
    /** Every resource, as evaluated (components included), for the diagram. */
    readonly graph: RecordedResource[];
    readonly monthlyCost: number;
    /** The same program priced at zero workload: what leaving it running costs. */
    readonly idleMonthlyCost: number;
    readonly freeTier: FreeTierCredit[];
    /** Cost components whose price was not found and whose quantity is not zero, as "type name: component". */
    readonly pricesNotFound: string[];
}
