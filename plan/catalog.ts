/**
 * The price catalog: dated list prices per cloud, kept as data in plan/prices/<cloud>.json.
 * Every figure carries its source and date; a figure that could not be sourced has
 * `price: null` and says why, so the report shows "not found" instead of a guess.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../components/platform/package-root";
import { CostComponent, TargetName } from "./types";

export interface Tier {
    /** Upper bound of the tier in catalog units (cumulative); null for the last tier. */
    readonly upTo: number | null;
    readonly price: number;
}

export interface PriceEntry {
    readonly description: string;
    /** Unit of quantities and prices, e.g. "1M requests". */
    readonly unit: string;
    /** How many base quantities (requests, seconds, GiB) make one unit. */
    readonly unitSize: number;
    /** The region the source prices (`us-east-1`, `westeurope`), `global` for one price everywhere, `unstated` when the source names none. */
    readonly region: string;
    /** USD per unit; null when not found. Mutually exclusive with `tiers`. */
    readonly price?: number | null;
    /** Volume tiers, which apply to the account's whole monthly quantity (summed over its resources), not to each resource. */
    readonly tiers?: readonly Tier[];
    /** Monthly free allowance, in units, once per account (subscription, project): pooled over every resource that draws on it. */
    readonly freeTier?: number;
    /** Entries sharing one allowance (x86 and arm Lambda duration) name the same pool. */
    readonly freeTierPool?: string;
    readonly notFound?: string;
    readonly source: string;
    readonly date: string;
}

export interface CloudCatalog {
    readonly cloud: TargetName;
    readonly currency: string;
    readonly region: string;
    /** How a target with no price list of its own is priced (Kubernetes: as EKS on Fargate bills pods). */
    readonly basis?: string;
    readonly note: string;
    readonly prices: Readonly<Record<string, PriceEntry>>;
    readonly usageModel: Readonly<Record<string, { readonly value: unknown; readonly note: string }>>;
    /** Resource types with no charge of their own, and why. */
    readonly free: Readonly<Record<string, string>>;
    /** Resource types knowingly left unpriced, and why. */
    readonly notPriced: Readonly<Record<string, string>>;
}

// The price lists ship as JSON beside the sources, outside lib/.
const PRICES_DIR = join(PACKAGE_ROOT, "plan", "prices");
const cache = new Map<string, CloudCatalog>();

export function loadCatalog(cloud: TargetName, dir = PRICES_DIR): CloudCatalog {
    const path = join(dir, `${cloud}.json`);
    const cached = cache.get(path);
    if (cached) return cached;
    const catalog = validateCatalog(JSON.parse(readFileSync(path, "utf8")), path);
    cache.set(path, catalog);
    return catalog;
}

/** Checks the catalog's shape so a bad edit fails loudly, naming the entry. */
// The parsed JSON is checked field by field below before it is trusted as a CloudCatalog.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function validateCatalog(raw: any, path: string): CloudCatalog {
    for (const key of ["cloud", "currency", "region", "prices", "free", "notPriced", "usageModel"]) {
        if (raw?.[key] === undefined) throw new Error(`${path}: missing '${key}'`);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const [id, e] of Object.entries<any>(raw.prices)) {
        const where = `${path}: price '${id}'`;
        for (const key of ["description", "unit", "region", "source", "date"]) {
            if (typeof e[key] !== "string" || e[key] === "") throw new Error(`${where} needs a '${key}' string`);
        }
        if (!(typeof e.unitSize === "number" && e.unitSize > 0)) throw new Error(`${where} needs a positive 'unitSize'`);
        const hasPrice = typeof e.price === "number";
        const hasTiers = Array.isArray(e.tiers) && e.tiers.length > 0;
        if (hasPrice === hasTiers && !(e.price === null && !hasTiers))
            throw new Error(`${where} needs exactly one of 'price' or 'tiers' (or price null with 'notFound')`);
        if (e.price === null && typeof e.notFound !== "string") throw new Error(`${where} has no price: say why in 'notFound'`);
        if (hasTiers && e.tiers[e.tiers.length - 1].upTo !== null) throw new Error(`${where}: the last tier must have upTo null`);
    }
    return raw as CloudCatalog;
}

export function priceEntry(catalog: CloudCatalog, id: string): PriceEntry {
    const entry = catalog.prices[id];
    if (!entry) throw new Error(`price catalog ${catalog.cloud} has no entry '${id}'`);
    return entry;
}

export function usageModel<T>(catalog: CloudCatalog, id: string): T {
    const entry = catalog.usageModel[id];
    if (!entry) throw new Error(`price catalog ${catalog.cloud} has no usage model '${id}'`);
    return entry.value as T;
}

/**
 * The cost component for `baseQuantity` (requests, GB-seconds...) of a catalog price. A tiered
 * price is valued at its first tier here; `applyAccountTiers` (price.ts) then prices the
 * account's summed quantity through the tiers, since volume tiers are per account, not per resource.
 */
export function costComponents(
    catalog: CloudCatalog,
    name: string,
    priceId: string,
    baseQuantity: number,
    usageBased: boolean,
): CostComponent[] {
    const entry = priceEntry(catalog, priceId);
    const quantity = baseQuantity / entry.unitSize;
    const freeTierPool = entry.freeTier !== undefined ? `${catalog.cloud}:${entry.freeTierPool ?? priceId}` : undefined;
    const price = firstPrice(entry);
    return [
        {
            name,
            unit: entry.unit,
            monthlyQuantity: quantity,
            price,
            monthlyCost: price === null ? null : quantity * price,
            usageBased,
            priceNotFound: price === null,
            priceId,
            priceRegion: entry.region,
            source: entry.source,
            date: entry.date,
            ...(freeTierPool ? { freeTierPool } : {}),
        },
    ];
}

/** The cost of `quantity` units through an entry's tiers (cumulative bounds). */
export function tieredCost(tiers: readonly Tier[], quantity: number): number {
    let cost = 0;
    let from = 0;
    for (const tier of tiers) {
        const upTo = tier.upTo ?? Infinity;
        cost += Math.max(0, Math.min(quantity, upTo) - from) * tier.price;
        from = upTo;
    }
    return cost;
}

/** The first-tier price of an entry: what a unit of free allowance is worth. */
export function firstPrice(entry: PriceEntry): number | null {
    return entry.tiers ? entry.tiers[0].price : (entry.price ?? null);
}
