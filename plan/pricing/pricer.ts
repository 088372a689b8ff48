import { CloudCatalog, costComponents } from "../catalog";
import type { RecordedResource } from "../mock-cloud";
import type { CostComponent } from "../types";
import type { ResourceUsage } from "../usage";

export interface PricerContext {
    readonly catalog: CloudCatalog;
    readonly usage: ResourceUsage;
    /** Every resource of the evaluation, to look up related ones (a function app's plan). */
    readonly resources: readonly RecordedResource[];
}

/** Cost components with a note the report prints beside them (what the other choice would cost). */
export interface NotedCost {
    readonly components: CostComponent[];
    readonly note: string;
}

/**
 * Prices one resource type: its cost components (with a note, or without), or a string saying why
 * this resource, as configured, has no charge of its own (a Flex Consumption plan bills through its apps).
 */
export type Pricer = (resource: RecordedResource, ctx: PricerContext) => CostComponent[] | NotedCost | string;

/** Shorthand for `costComponents` with the context's catalog. */
export function components(ctx: PricerContext, name: string, priceId: string, baseQuantity: number, usageBased = true): CostComponent[] {
    return costComponents(ctx.catalog, name, priceId, baseQuantity, usageBased);
}

/** A month, as Infracost counts it. */
export const HOURS_PER_MONTH = 730;
