/**
 * The price catalog: dated list prices per cloud, kept as data in plan/prices/<cloud>.json.
 * Every figure carries its source and date; a figure that could not be sourced has
 * `price: null` and says why, so the report shows "not found" instead of a guess.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../components/platform/package-root";
import { CloudName, CostComponent } from "./types";

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
    /** USD per unit; null when not found. Mutually exclusive with `tiers`. */
    readonly price?: number | null;
    readonly tiers?: readonly Tier[];
    /** Monthly free allowance, in units. */
    readonly freeTier?: number;
    /** Entries sharing one allowance (x86 and arm Lambda duration) name the same pool. */
    readonly freeTierPool?: string;
    readonly notFound?: string;
    readonly source: string;
    readonly date: string;
}

export interface CloudCatalog {
    readonly cloud: CloudName;
    readonly currency: string;
    readonly region: string;
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

export function loadCatalog(cloud: CloudName, dir = PRICES_DIR): CloudCatalog {
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
        for (const key of ["description", "unit", "source", "date"]) {
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
 * Cost components for `baseQuantity` (requests, GB-seconds...) of a catalog price: one
 * component, or one per tier the quantity reaches (as Infracost names them).
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
    const base = { unit: entry.unit, usageBased, priceId, ...(freeTierPool ? { freeTierPool } : {}) };
    if (!entry.tiers) {
        const price = entry.price ?? null;
        return [
            {
                ...base,
                name,
                monthlyQuantity: quantity,
                price,
                monthlyCost: price === null ? null : quantity * price,
                priceNotFound: price === null,
            },
        ];
    }
    const components: CostComponent[] = [];
    let from = 0;
    for (const [i, tier] of entry.tiers.entries()) {
        const upTo = tier.upTo ?? Infinity;
        const inTier = Math.max(0, Math.min(quantity, upTo) - from);
        if (inTier > 0 || i === 0) {
            const label = entry.tiers.length === 1 ? name : `${name} (${tierLabel(from, tier.upTo, entry.unit)})`;
            components.push({
                ...base,
                name: label,
                monthlyQuantity: inTier,
                price: tier.price,
                monthlyCost: inTier * tier.price,
                priceNotFound: false,
            });
        }
        from = upTo;
    }
    return components;
}

function tierLabel(from: number, upTo: number | null, unit: string): string {
    // "1M requests" as a unit reads better scaled: "first 300M requests".
    const scaled = /^1([KM]) (.+)$/.exec(unit);
    const n = (v: number) => (scaled ? `${formatQuantity(v)}${scaled[1]} ${scaled[2]}` : `${formatQuantity(v)} ${unit}`);
    if (from === 0) return `first ${n(upTo!)}`;
    return upTo === null ? `over ${n(from)}` : `next ${n(upTo - from)}`;
}

export function formatQuantity(v: number): string {
    if (v >= 1e9 && v % 1e9 === 0) return `${v / 1e9}B`;
    if (v >= 1e6 && v % 1e6 === 0) return `${v / 1e6}M`;
    return v.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** The first-tier price of an entry: what a unit of free allowance is worth. */
export function firstPrice(entry: PriceEntry): number | null {
    return entry.tiers ? entry.tiers[0].price : (entry.price ?? null);
}
