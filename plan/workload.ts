/**
 * The workload profile a stack prices at: `cloud-patterns:workload` in stack config.
 * Monthly volumes; each pattern maps them onto its resources (plan/usage.ts).
 */
import { isRecord } from "./stack-file";

export const WORKLOAD_CONFIG_KEY = "cloud-patterns:workload";

export interface Workload {
    /** HTTP requests through the pattern's front door per month. */
    readonly requests: number;
    /** Queue messages processed per month. */
    readonly messages: number;
    /** Events appended or published per month. */
    readonly events: number;
    /** Data store reads per month (documents or items, up to 1 KB each). */
    readonly reads: number;
    /** Data store writes per month (up to 1 KB each). */
    readonly writes: number;
    /** Data kept in the pattern's data stores, GB. */
    readonly storageGb: number;
    /** Average function execution time, ms. */
    readonly averageDurationMs: number;
    /** Average message or event size, KB (Pub/Sub bills at least 1 KB a message). */
    readonly messageSizeKb: number;
    /** Function logs ingested per month, GB. */
    readonly logGb: number;
}

/** The profile's fields with their meaning and default, in the order the docs list them. */
export const WORKLOAD_FIELDS: Readonly<Record<keyof Workload, { readonly default: number; readonly doc: string }>> = {
    requests: { default: 0, doc: "HTTP requests per month through the pattern's front door" },
    messages: { default: 0, doc: "queue messages processed per month" },
    events: { default: 0, doc: "events appended or published per month" },
    reads: { default: 0, doc: "data store reads per month (items up to 1 KB)" },
    writes: { default: 0, doc: "data store writes per month (items up to 1 KB)" },
    storageGb: { default: 0, doc: "GB kept in the pattern's data stores" },
    averageDurationMs: { default: 100, doc: "average function execution time in ms" },
    messageSizeKb: { default: 1, doc: "average message or event size in KB" },
    logGb: { default: 0, doc: "function logs ingested per month in GB" },
};

/** A whole stack's profile: the defaults for every pattern, and per-pattern overrides. */
export interface WorkloadProfile {
    readonly base: Workload;
    /** Keyed by the pattern's config key (`gatewayAggregation`), merged over `base`. */
    readonly patterns: Readonly<Record<string, Workload>>;
}

export const ZERO_WORKLOAD: Workload = {
    requests: 0,
    messages: 0,
    events: 0,
    reads: 0,
    writes: 0,
    storageGb: 0,
    averageDurationMs: 0,
    messageSizeKb: 1,
    logGb: 0,
};

const FIELD_NAMES = Object.keys(WORKLOAD_FIELDS) as (keyof Workload)[];

/** Parses `cloud-patterns:workload` (JSON as the runtime holds it); absent means all defaults. */
export function parseWorkload(raw: string | undefined, where = WORKLOAD_CONFIG_KEY): WorkloadProfile {
    const defaults = Object.fromEntries(FIELD_NAMES.map((f) => [f, WORKLOAD_FIELDS[f].default])) as unknown as Workload;
    if (raw === undefined) return { base: defaults, patterns: {} };
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch {
        value = raw;
    }
    if (!isRecord(value))
        throw new Error(`${where} must be a mapping of ${FIELD_NAMES.join(", ")} (and 'patterns'), got ${JSON.stringify(value)}`);
    const { patterns, ...fields } = value;
    const base = readFields(fields, defaults, where);
    if (patterns === undefined) return { base, patterns: {} };
    if (!isRecord(patterns))
        throw new Error(
            `${where}.patterns must map pattern config keys (e.g. gatewayAggregation) to profiles, got ${JSON.stringify(patterns)}`,
        );
    const perPattern: Record<string, Workload> = {};
    for (const [key, profile] of Object.entries(patterns)) {
        if (!isRecord(profile))
            throw new Error(`${where}.patterns.${key} must be a mapping of ${FIELD_NAMES.join(", ")}, got ${JSON.stringify(profile)}`);
        perPattern[key] = readFields(profile, base, `${where}.patterns.${key}`);
    }
    return { base, patterns: perPattern };
}

function readFields(fields: Record<string, unknown>, fallback: Workload, where: string): Workload {
    const result: Record<string, number> = { ...fallback };
    for (const [key, v] of Object.entries(fields)) {
        if (!(FIELD_NAMES as string[]).includes(key)) {
            throw new Error(`${where}: unknown workload field '${key}'; allowed fields are ${FIELD_NAMES.join(", ")}, patterns`);
        }
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
            throw new Error(
                `${where}.${key} must be a number >= 0 (${WORKLOAD_FIELDS[key as keyof Workload].doc}), got ${JSON.stringify(v)}`,
            );
        }
        result[key] = v;
    }
    return result as unknown as Workload;
}

/** The profile one pattern is priced at. */
export function workloadFor(profile: WorkloadProfile, patternKey: string | undefined): Workload {
    return (patternKey !== undefined && profile.patterns[patternKey]) || profile.base;
}
