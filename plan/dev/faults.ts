/**
 * The `--faults SPEC` of `cloud-patterns dev`: what to break, where the cloud would break it.
 *
 *     seed=7; backend.recommendations: status=503; backend.reviews: latency=300ms rate=0.5;
 *     legacy: status=500 rate=0.3; store: throttle=0.2 timeout=0.1; queue: drop=0.1 duplicate=0.5
 *
 * Clauses are separated by `;`, settings within a clause by spaces or `,`. Targets:
 * - `backend.<name>` (a Gateway Aggregation backend, by its name in the stack) and `legacy` (the
 *   Anti-Corruption Layer's legacy system): `latency` (ms, `300ms` or `1.5s`, added to every
 *   answer), `status` (HTTP status answered instead, 400 to 599), `rate` (share of calls that get
 *   `status`, 0 to 1; @default 1 when `status` is set). `downstream` (the target Retry's worker
 *   POSTs each message to) takes the same: a 4xx is a permanent error, a 5xx a transient one.
 * - `store`: `throttle` (share of store calls refused as the cloud throttles), `timeout` (share
 *   that never answer within the client's timeout), `latency`.
 * - `queue`: `drop` (share of deliveries lost before the function sees them), `duplicate` (share
 *   delivered twice, as at-least-once queues and streams do).
 * - `seed=N`: the pseudo-random draws are repeatable for one seed (@default 1).
 */

/** Faults on an HTTP system the pattern calls (a backend, the legacy service). */
export interface HttpFaults {
    readonly latencyMs: number;
    /** Status answered instead of the stand-in's answer, for a `rate` share of calls. */
    readonly status?: number;
    readonly rate: number;
}

export interface StoreFaults {
    readonly throttle: number;
    readonly timeout: number;
    readonly latencyMs: number;
}

export interface QueueFaults {
    readonly drop: number;
    readonly duplicate: number;
}

export interface FaultSpec {
    readonly seed: number;
    /** By backend name. */
    readonly backends: Readonly<Record<string, HttpFaults>>;
    readonly legacy?: HttpFaults;
    readonly downstream?: HttpFaults;
    readonly store?: StoreFaults;
    readonly queue?: QueueFaults;
}

export const NO_FAULTS: FaultSpec = { seed: 1, backends: {} };

const KEYS = {
    http: ["latency", "status", "rate"],
    store: ["throttle", "timeout", "latency"],
    queue: ["drop", "duplicate"],
} as const;

/** A clear error naming the clause and setting that is wrong, and what is allowed. */
export class FaultSpecError extends Error {
    constructor(message: string) {
        super(`--faults: ${message}`);
        this.name = "FaultSpecError";
    }
}

/** Parses and validates a spec; `knownBackends` are the stack's backend names (a typo is an error, not a silent no-op). */
export function parseFaultSpec(spec: string, knownBackends: readonly string[]): FaultSpec {
    let seed = NO_FAULTS.seed;
    const backends: Record<string, HttpFaults> = {};
    let legacy: HttpFaults | undefined;
    let downstream: HttpFaults | undefined;
    let store: StoreFaults | undefined;
    let queue: QueueFaults | undefined;
    for (const raw of spec.split(";")) {
        const clause = raw.trim();
        if (clause === "") continue;
        const seedMatch = /^seed\s*=\s*(.*)$/.exec(clause);
        if (seedMatch) {
            seed = integer(`'${clause}'`, "seed", seedMatch[1], 0, 2 ** 32 - 1);
            continue;
        }
        const colon = clause.indexOf(":");
        if (colon < 0) throw new FaultSpecError(`clause '${clause}' must be 'seed=N' or '<target>: key=value ...'`);
        const target = clause.slice(0, colon).trim();
        const settings = settingsOf(clause, clause.slice(colon + 1));
        if (target.startsWith("backend.")) {
            const name = target.slice("backend.".length);
            if (!knownBackends.includes(name)) {
                const allowed = knownBackends.length ? knownBackends.join(", ") : "none (the stack has no Gateway Aggregation)";
                throw new FaultSpecError(`clause '${clause}': backend '${name}' is not in the stack; backends are ${allowed}`);
            }
            backends[name] = httpFaults(clause, settings);
        } else if (target === "legacy") legacy = httpFaults(clause, settings);
        else if (target === "downstream") downstream = httpFaults(clause, settings);
        else if (target === "store") store = storeFaults(clause, settings);
        else if (target === "queue") queue = queueFaults(clause, settings);
        else
            throw new FaultSpecError(
                `clause '${clause}': target must be backend.<name>, legacy, downstream, store or queue, got '${target}'`,
            );
    }
    return { seed, backends, legacy, downstream, store, queue };
}

function settingsOf(clause: string, text: string): Map<string, string> {
    const settings = new Map<string, string>();
    for (const part of text.split(/[\s,]+/).filter(Boolean)) {
        const eq = part.indexOf("=");
        if (eq <= 0) throw new FaultSpecError(`clause '${clause}': setting '${part}' must be key=value`);
        const key = part.slice(0, eq);
        if (settings.has(key)) throw new FaultSpecError(`clause '${clause}': '${key}' is set twice`);
        settings.set(key, part.slice(eq + 1));
    }
    if (settings.size === 0) throw new FaultSpecError(`clause '${clause}' sets nothing`);
    return settings;
}

function onlyKeys(clause: string, settings: Map<string, string>, allowed: readonly string[]): void {
    for (const key of settings.keys())
        if (!allowed.includes(key))
            throw new FaultSpecError(`clause '${clause}': '${key}' is not a setting here; settings are ${allowed.join(", ")}`);
}

function httpFaults(clause: string, settings: Map<string, string>): HttpFaults {
    onlyKeys(clause, settings, KEYS.http);
    const status = settings.has("status") ? integer(`clause '${clause}'`, "status", settings.get("status")!, 400, 599) : undefined;
    if (settings.has("rate") && status === undefined) throw new FaultSpecError(`clause '${clause}': 'rate' needs a 'status' to answer`);
    return {
        latencyMs: settings.has("latency") ? duration(clause, settings.get("latency")!) : 0,
        status,
        rate: settings.has("rate") ? share(clause, "rate", settings.get("rate")!) : 1,
    };
}

function storeFaults(clause: string, settings: Map<string, string>): StoreFaults {
    onlyKeys(clause, settings, KEYS.store);
    return {
        throttle: settings.has("throttle") ? share(clause, "throttle", settings.get("throttle")!) : 0,
        timeout: settings.has("timeout") ? share(clause, "timeout", settings.get("timeout")!) : 0,
        latencyMs: settings.has("latency") ? duration(clause, settings.get("latency")!) : 0,
    };
}

function queueFaults(clause: string, settings: Map<string, string>): QueueFaults {
    onlyKeys(clause, settings, KEYS.queue);
    return {
        drop: settings.has("drop") ? share(clause, "drop", settings.get("drop")!) : 0,
        duplicate: settings.has("duplicate") ? share(clause, "duplicate", settings.get("duplicate")!) : 0,
    };
}

function share(clause: string, key: string, value: string): number {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
        throw new FaultSpecError(`clause '${clause}': ${key} must be a share from 0 to 1, got '${value}'`);
    return n;
}

function integer(where: string, key: string, value: string, min: number, max: number): number {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
        throw new FaultSpecError(`${where}: ${key} must be an integer from ${min} to ${max}, got '${value}'`);
    return n;
}

function duration(clause: string, value: string): number {
    const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value);
    if (!match) throw new FaultSpecError(`clause '${clause}': latency must be a duration like 300ms or 1.5s, got '${value}'`);
    const ms = Number(match[1]) * (match[2] === "s" ? 1000 : 1);
    if (ms > 600_000) throw new FaultSpecError(`clause '${clause}': latency must be at most 600s, got '${value}'`);
    return ms;
}

/**
 * A repeatable draw per fault target: mulberry32 seeded from the spec's seed and the target's
 * name, so adding a fault on one target never changes the draws of another.
 */
export function faultDraws(seed: number, target: string): () => number {
    let state = seed >>> 0;
    for (const ch of target) state = Math.imul(state ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
