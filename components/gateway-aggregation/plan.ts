/**
 * Gateway Aggregation args checked and completed once, for every cloud: the defaults live here
 * and nowhere else, and every error names the component, the field, the value and what is allowed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { bundleFunction } from "../platform/bundle";
import { packagedFunctionName } from "../platform/naming";
import { parseRoutes, Route } from "../platform/routes";
import { patternTags } from "../platform/tags";
import { FunctionArgs } from "../platform/types";
import { GatewayAggregationArgs, GatewayAggregationAwsArgs, GatewayAggregationAzureArgs, GatewayAggregationGcpArgs } from "./args";
import { aggregatorBundle } from "./functions";

export const DEFAULT_ROUTE = "GET /aggregate/{id}";
export const DEFAULT_TIMEOUT_MS = 10_000;
/** An HTTP API stops waiting for its integration at 30 s; the function must answer (504) before. */
export const MAX_TIMEOUT_MS = 29_000;
export const MIN_TIMEOUT_MS = 100;
export const MIN_BACKEND_TIMEOUT_MS = 10;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const PATTERN = "gateway-aggregation";

/** Methods the handler forwards to its backends (handlers/gateway-aggregation/route-template.ts). */
const AGGREGATED_METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const BACKEND_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** The built-in merge puts the degraded list under this key. */
const RESERVED_NAME = "degraded";

/** A backend with its defaults applied. */
export interface PlannedBackend {
    readonly name: string;
    readonly url: pulumi.Input<string>;
    readonly timeoutMs: number;
    readonly required: boolean;
}

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface GatewayAggregationPlan {
    readonly route: Route;
    /** The whole request's budget in ms. */
    readonly timeoutMs: number;
    /** How long the front door waits for the function: the budget plus time to answer. */
    readonly frontDoorTimeoutMs: number;
    /** The aggregator function, ready for the platform's function hosting. */
    readonly function: FunctionArgs;
    readonly tags: pulumi.Output<Record<string, string>>;
    readonly aws: Required<GatewayAggregationAwsArgs>;
    readonly azure: GatewayAggregationAzureArgs & Required<Pick<GatewayAggregationAzureArgs, "publisherEmail" | "publisherName">>;
    readonly gcp: GatewayAggregationGcpArgs;
}

/** Checks `args` and applies the defaults; throws before any resource exists. */
export function planGatewayAggregation(name: string, args: GatewayAggregationArgs): GatewayAggregationPlan {
    const owner = `GatewayAggregation '${name}'`;
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    if (args === undefined || args === null) fail("args are required: { backends: [{ name, url }], ... }");

    if (args.route !== undefined && typeof args.route !== "string") fail(`route must be a string 'METHOD /path/{param}', got ${JSON.stringify(args.route)}`);
    if (args.mergeModule !== undefined && typeof args.mergeModule !== "string") fail(`mergeModule must be a file path, got ${JSON.stringify(args.mergeModule)}`);
    const [route] = parseRoutes(owner, [args.route ?? DEFAULT_ROUTE]);
    if (!AGGREGATED_METHODS.includes(route.method)) {
        fail(`route '${route.key}' uses ${route.method}; the aggregator serves ${AGGREGATED_METHODS.join(", ")} (a GET is retried on transient failures)`);
    }
    const timeoutMs = args.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    checkInteger(owner, "timeoutMs", timeoutMs, [MIN_TIMEOUT_MS, MAX_TIMEOUT_MS], "ms", " (an API Gateway HTTP API waits at most 30 s for its integration)");

    const mergeModule = args.mergeModule === undefined ? undefined : path.resolve(args.mergeModule);
    if (mergeModule !== undefined && !fs.statSync(mergeModule, { throwIfNoEntry: false })?.isFile()) {
        fail(`mergeModule '${args.mergeModule}' is not a file (resolved to ${mergeModule}); give the path of a module exporting merge(results, request)`);
    }

    const backends = planBackends(owner, args, route, timeoutMs, mergeModule === undefined);
    const memoryMb = args.memoryMb ?? DEFAULT_MEMORY_MB;
    checkInteger(owner, "memoryMb", memoryMb, [128, 10_240], "MB", "");
    const tags = patternTags(PATTERN, args.tags);

    return {
        route,
        timeoutMs,
        frontDoorTimeoutMs: Math.min(30_000, timeoutMs + 1_000),
        function: {
            bundle: aggregatorBundle(mergeModule),
            memoryMb,
            // Whole seconds past the budget, so the handler itself answers 504 when the budget runs out.
            timeoutSeconds: Math.ceil(timeoutMs / 1000) + 1,
            settings: settingsDocument(owner, route, timeoutMs, backends),
            tags,
            logRetentionDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        },
        tags,
        aws: { throttlingRateLimit: args.aws?.throttlingRateLimit ?? 100, throttlingBurstLimit: args.aws?.throttlingBurstLimit ?? 200 },
        azure: { ...args.azure, publisherEmail: args.azure?.publisherEmail ?? "platform@example.com", publisherName: args.azure?.publisherName ?? "cloud-patterns" },
        gcp: { ...args.gcp },
    };
}

/**
 * Bundles the function for `cloud` now, so a merge module that does not compile (or does not
 * export `merge`) fails before any resource; the function hosting reuses the memoized bundle.
 */
export function bundleEarly(name: string, plan: GatewayAggregationPlan, cloud: Cloud): void {
    try {
        bundleFunction(plan.function.bundle, cloud, packagedFunctionName(name));
    } catch (err) {
        throw new Error(`GatewayAggregation '${name}': the function cannot be bundled (check mergeModule): ${(err as Error).message}`);
    }
}

function planBackends(owner: string, args: GatewayAggregationArgs, route: Route, budgetMs: number, defaultMerge: boolean): PlannedBackend[] {
    if (!Array.isArray(args.backends) || args.backends.length === 0) {
        throw new Error(`${owner}: backends must list at least one backend, e.g. [{ name: "users", url: "https://users.example.com/users/{id}" }]`);
    }
    const seen = new Set<string>();
    return args.backends.map((backend, i) => {
        const field = `backends[${i}]`;
        if (typeof backend !== "object" || backend === null) {
            throw new Error(`${owner}: ${field} must be an object { name, url, timeoutMs?, required? }, got ${JSON.stringify(backend)}`);
        }
        const { name } = backend;
        if (typeof name !== "string" || !BACKEND_NAME.test(name)) {
            throw new Error(`${owner}: ${field}.name must be letters, digits, '_' or '-' starting with a letter (at most 64), got ${JSON.stringify(name)}`);
        }
        if (defaultMerge && name === RESERVED_NAME) {
            throw new Error(`${owner}: ${field}.name '${RESERVED_NAME}' is where the built-in merge lists failed backends; rename the backend or give a mergeModule`);
        }
        if (seen.has(name)) throw new Error(`${owner}: backend name '${name}' is used twice; names must be unique (they key the merged response)`);
        seen.add(name);
        if (typeof backend.url === "string") checkBackendUrl(owner, name, backend.url, route);
        else if (backend.url === undefined || backend.url === null) throw new Error(`${owner}: backend '${name}' has no url`);
        const timeoutMs = backend.timeoutMs ?? budgetMs;
        checkInteger(owner, `backend '${name}' timeoutMs`, timeoutMs, [MIN_BACKEND_TIMEOUT_MS, budgetMs], "ms", " (at most the whole request's budget, timeoutMs)");
        if (backend.required !== undefined && typeof backend.required !== "boolean") {
            throw new Error(`${owner}: backend '${name}' required must be true or false, got ${JSON.stringify(backend.required)}`);
        }
        return { name, url: backend.url, timeoutMs, required: backend.required ?? true };
    });
}

/** Checks a backend URL: http(s), parseable, placeholders naming route parameters. */
export function checkBackendUrl(owner: string, backend: string, url: string, route: Route): void {
    const fail = (why: string): never => {
        throw new Error(`${owner}: backend '${backend}' url '${url}' ${why}`);
    };
    const placeholders = [...url.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
    for (const placeholder of placeholders) {
        if (!route.params.includes(placeholder)) {
            const params = route.params.length ? route.params.map((p) => `{${p}}`).join(", ") : "no parameters";
            fail(`uses placeholder '{${placeholder}}', but route '${route.key}' has ${params}`);
        }
    }
    let parsed: URL;
    try {
        parsed = new URL(url.replace(/\{[^{}]*\}/g, "x"));
    } catch {
        return fail("is not a valid absolute URL; expected e.g. 'https://users.example.com/users/{id}'");
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") fail(`must use https (or http), not '${parsed.protocol}'`);
    if (parsed.username || parsed.password) fail("must not carry credentials: the function's settings are plain configuration");
    if (parsed.protocol === "http:") {
        pulumi.log.warn(`${owner}: backend '${backend}' is called over plain http (${url}); use https unless it is on a private network`);
    }
}

/** The CLOUD_PATTERNS_CONFIG document (handlers/gateway-aggregation/settings.ts reads it). */
function settingsDocument(owner: string, route: Route, timeoutMs: number, backends: readonly PlannedBackend[]): pulumi.Output<Record<string, unknown>> {
    return pulumi.all(backends.map((b) => pulumi.output(b.url))).apply((urls): Record<string, unknown> => ({
        route: route.key,
        timeoutMs,
        backends: backends.map((b, i) => {
            // A URL given as an output is only known now.
            if (typeof b.url !== "string") checkBackendUrl(owner, b.name, urls[i], route);
            return { name: b.name, url: urls[i], timeoutMs: b.timeoutMs, required: b.required };
        }),
    }));
}

function checkInteger(owner: string, field: string, value: number, [min, max]: readonly [number, number], unit: string, why: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${owner}: ${field} must be a whole number of ${unit} from ${min} to ${max}${why}, got ${JSON.stringify(value)}`);
    }
}
