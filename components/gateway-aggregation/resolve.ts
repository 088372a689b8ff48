/**
 * Gateway Aggregation args checked and completed once, for every cloud: the defaults live here
 * and nowhere else, and every error names the component, the field, the value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../cloud";
import type { ResolvedPatternArgs } from "../pattern-component";
import { parseRoutes, Route } from "../platform/routes";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { ApimPublisher, withApimPublisher } from "../platform/apim-publisher";
import { patternTags } from "../platform/tags";
import {
    AGGREGATED_METHODS,
    GatewayAggregationSettingsDocument,
    MAX_TIMEOUT_MS,
    MIN_BACKEND_TIMEOUT_MS,
} from "../../handlers/gateway-aggregation/settings-document";
import { FunctionArgs } from "../platform/types";
import { ArgsValidator } from "../platform/validate";
import { GatewayAggregationArgs, GatewayAggregationAwsArgs, GatewayAggregationAzureArgs, GatewayAggregationGcpArgs } from "./args";
import { aggregatorBundle } from "./functions";

export const DEFAULT_ROUTE = "GET /aggregate/{id}";
export const DEFAULT_TIMEOUT_MS = 10_000;
export const MIN_TIMEOUT_MS = 100;
export const DEFAULT_MEMORY_MB = 256;
export const PATTERN = "gateway-aggregation";

const BACKEND_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** The built-in merge puts the degraded list under this key. */
const RESERVED_NAME = "degraded";

/** A backend with its defaults applied. */
export interface ResolvedBackend {
    readonly name: string;
    readonly url: pulumi.Input<string>;
    readonly timeoutMs: number;
    readonly required: boolean;
}

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface ResolvedGatewayAggregationArgs extends ResolvedPatternArgs<
    Required<GatewayAggregationAwsArgs>,
    GatewayAggregationAzureArgs & ApimPublisher,
    GatewayAggregationGcpArgs & Required<Pick<GatewayAggregationGcpArgs, "enableApis">>
> {
    readonly route: Route;
    /** The whole request's budget in ms. */
    readonly timeoutMs: number;
    /** How long the front door waits for the function: the budget plus time to answer. */
    readonly frontDoorTimeoutMs: number;
    /** The aggregator function, ready for the platform's function hosting. */
    readonly function: FunctionArgs;
}

/** Checks `args` and applies the defaults; throws before any resource exists. */
// Every cloud takes the same args; only the log retention is checked against the cloud's rule.
export function resolveGatewayAggregationArgs(name: string, cloud: Cloud, args: GatewayAggregationArgs): ResolvedGatewayAggregationArgs {
    const check = ArgsValidator.forComponent("GatewayAggregation", name);
    const owner = check.owner;
    if (args === undefined || args === null) check.refuse("args are required: { backends: [{ name, url }], ... }");

    if (args.route !== undefined && typeof args.route !== "string") check.fail("route", "a string 'METHOD /path/{param}'", args.route);
    const [route] = parseRoutes(owner, [args.route ?? DEFAULT_ROUTE]);
    if (!AGGREGATED_METHODS.includes(route.method)) {
        check.refuse(
            `route '${route.key}' uses ${route.method}; the aggregator serves ${AGGREGATED_METHODS.join(", ")} (a GET is retried on transient failures)`,
        );
    }
    const timeoutMs = check.integer(
        "timeoutMs",
        args.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        [MIN_TIMEOUT_MS, MAX_TIMEOUT_MS],
        "an API Gateway HTTP API waits at most 30 s for its integration",
    );
    const mergeModule = check.moduleFile("mergeModule", args.mergeModule, "merge(results, request)");
    const backends = resolveBackends(check, args, route, timeoutMs, mergeModule === undefined);
    const memoryMb = check.integer("memoryMb", args.memoryMb ?? DEFAULT_MEMORY_MB, [128, 10_240]);
    const tags = patternTags(PATTERN, args.tags);

    const bundle = aggregatorBundle(mergeModule);
    return {
        userModules: [{ arg: "mergeModule", module: mergeModule, bundle, functionName: name }],
        route,
        timeoutMs,
        frontDoorTimeoutMs: Math.min(30_000, timeoutMs + 1_000),
        function: {
            bundle,
            memoryMb,
            // Whole seconds past the budget, so the handler itself answers 504 when the budget runs out.
            timeoutSeconds: Math.ceil(timeoutMs / 1000) + 1,
            settings: settingsDocument(owner, route, timeoutMs, backends),
            tags,
            logRetentionDays: checkLogRetentionDays(check, "logRetentionDays", args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, cloud),
        },
        tags,
        aws: { throttlingRateLimit: args.aws?.throttlingRateLimit ?? 100, throttlingBurstLimit: args.aws?.throttlingBurstLimit ?? 200 },
        azure: withApimPublisher(args.azure),
        gcp: { ...args.gcp, enableApis: check.boolean("gcp.enableApis", args.gcp?.enableApis ?? true) },
    };
}

function resolveBackends(
    check: ArgsValidator,
    args: GatewayAggregationArgs,
    route: Route,
    budgetMs: number,
    defaultMerge: boolean,
): ResolvedBackend[] {
    const owner = check.owner;
    if (!Array.isArray(args.backends) || args.backends.length === 0) {
        check.fail(
            "backends",
            'a list of at least one backend, e.g. [{ name: "users", url: "https://users.example.com/users/{id}" }]',
            args.backends,
        );
    }
    const seen = new Set<string>();
    return args.backends.map((backend, i) => {
        const field = `backends[${i}]`;
        if (typeof backend !== "object" || backend === null) {
            check.fail(field, "an object { name, url, timeoutMs?, required? }", backend);
        }
        const { name } = backend;
        if (typeof name !== "string" || !BACKEND_NAME.test(name)) {
            check.fail(`${field}.name`, "letters, digits, '_' or '-' starting with a letter (at most 64)", name);
        }
        if (defaultMerge && name === RESERVED_NAME) {
            check.refuse(
                `${field}.name '${RESERVED_NAME}' is where the built-in merge lists failed backends; rename the backend or give a mergeModule`,
            );
        }
        if (seen.has(name)) check.refuse(`backend name '${name}' is used twice; names must be unique (they key the merged response)`);
        seen.add(name);
        if (typeof backend.url === "string") checkBackendUrl(owner, name, backend.url, route);
        else if (backend.url === undefined || backend.url === null) check.refuse(`backend '${name}' has no url`);
        const timeoutMs = check.integer(
            `backend '${name}' timeoutMs`,
            backend.timeoutMs ?? budgetMs,
            [MIN_BACKEND_TIMEOUT_MS, budgetMs],
            "at most the whole request's budget, timeoutMs",
        );
        const required = check.boolean(`backend '${name}' required`, backend.required ?? true);
        return { name, url: backend.url, timeoutMs, required };
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

/** The aggregator's CLOUD_PATTERNS_CONFIG document. */
function settingsDocument(
    owner: string,
    route: Route,
    timeoutMs: number,
    backends: readonly ResolvedBackend[],
): pulumi.Output<GatewayAggregationSettingsDocument> {
    return pulumi.all(backends.map((b) => pulumi.output(b.url))).apply((urls): GatewayAggregationSettingsDocument => ({
        route: route.key,
        timeoutMs,
        backends: backends.map((b, i) => {
            // A URL given as an output is only known now.
            if (typeof b.url !== "string") checkBackendUrl(owner, b.name, urls[i], route);
            return { name: b.name, url: urls[i], timeoutMs: b.timeoutMs, required: b.required };
        }),
    }));
}
