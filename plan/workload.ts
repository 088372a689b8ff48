/**
 * The workload profile a stack prices at: `cloud-patterns:workload` in stack config.
 * Monthly volumes; each pattern maps them onto its resources (plan/usage.ts).
 */
import { ArgsValidator, Range } from "../components/platform/validate";
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
    /** Log lines each function invocation writes, KB: the pattern's log volume is its invocations times this. */
    readonly logKbPerInvocation: number;
    /** Logs ingested per month beyond the per-invocation lines, GB. */
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
    // A Lambda, Functions or Cloud Run invocation logs its start, end and report lines plus the
    // handler's one structured line: about 1 KB. Measure your own and set it.
    logKbPerInvocation: { default: 1, doc: "log lines each function invocation writes, in KB" },
    logGb: { default: 0, doc: "logs ingested per month beyond the per-invocation lines, in GB" },
};

/** Every workload field is a number in this range. */
const FIELD_RANGE: Range = [0, Infinity];

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
    logKbPerInvocation: 0,
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
    const check = new ArgsValidator(where);
    const result: Record<string, number> = { ...fallback };
    for (const [key, v] of Object.entries(fields)) {
        if (!(FIELD_NAMES as string[]).includes(key))
            check.fail(`workload field '${key}'`, `one of ${FIELD_NAMES.join(", ")}, patterns (each a number >= ${FIELD_RANGE[0]})`, v);
        result[key] = check.number(key, v as number, FIELD_RANGE, WORKLOAD_FIELDS[key as keyof Workload].doc);
    }
    return result as unknown as Workload;
}

/** Checks that every per-pattern profile names a pattern the registry knows. */
export function checkPatternKeys(profile: WorkloadProfile, known: readonly string[], where: string): void {
    for (const key of Object.keys(profile.patterns))
        if (!known.includes(key)) new ArgsValidator(where).fail(`patterns key '${key}'`, `a pattern config key: ${known.join(", ")}`, key);
}

/** The profile one pattern is priced at. */
export function workloadFor(profile: WorkloadProfile, patternKey: string | undefined): Workload {
    return (patternKey !== undefined && profile.patterns[patternKey]) || profile.base;
}
