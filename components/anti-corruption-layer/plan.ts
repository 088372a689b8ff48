/**
 * Anti-Corruption Layer args checked and completed once, for every cloud: the defaults live
 * here and nowhere else, and every error names the component, the field, the value and what is
 * allowed. Nothing here declares a resource.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseRoutes, Route } from "../platform/routes";
import { patternTags } from "../platform/tags";
import { Cloud } from "../cloud";
import { BundleSpec, FunctionArgs } from "../platform/types";
import { AntiCorruptionLayerArgs, AntiCorruptionLayerAwsArgs, AntiCorruptionLayerAzureArgs, AntiCorruptionLayerGcpArgs, LegacyCredentials, OperationArgs, ParameterArgs } from "./args";
import { translatorBundle } from "./functions";
import { EntityMapping, FieldRule, mappingProblem, ORDER_RECORD_MAPPING, PARAMETER_CONVERTERS, ruleProblem } from "./mapping";

export const PATTERN = "anti-corruption-layer";
export const DEFAULT_TIMEOUT_SECONDS = 8;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** An API Gateway HTTP API waits at most 30 s for its integration; the function answers 504 before. */
export const MAX_BUDGET_SECONDS = 29;
/** Backoff bounds between attempts (decorrelated jitter in between). */
const BACKOFF = { initialDelayMs: 100, maxDelayMs: 1_000 };
const SOURCE = /^(path|query|header)\.([A-Za-z0-9_.-]+)$/;
const SOAP_VERSIONS = ["1.1", "1.2"];
const AUTHENTICATIONS = ["basic", "wsSecurity"];
const RESULTS = ["one", "many", "none"];

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface AntiCorruptionLayerPlan {
    readonly routes: readonly Route[];
    /** How long the front door waits for the function: every attempt, the backoff and time to answer. */
    readonly frontDoorTimeoutMs: number;
    /** The function, ready for the platform's hosting, except the settings (they hold the cloud's secret reference). */
    readonly function: Omit<FunctionArgs, "settings" | "bundle">;
    /** The function's bundle for a cloud (each cloud's entry carries only its own secret-store SDK). */
    readonly bundle: (cloud: Cloud) => BundleSpec;
    /** Builds the settings document given the cloud's reference to the stored credentials. */
    readonly settings: (credentials: Record<string, pulumi.Input<string>> | undefined) => pulumi.Output<Record<string, unknown>>;
    /** The credentials as the JSON the function reads, a Pulumi secret; absent when none were given. */
    readonly credentials?: pulumi.Output<string>;
    readonly tags: pulumi.Output<Record<string, string>>;
    readonly aws: Required<AntiCorruptionLayerAwsArgs>;
    readonly azure: AntiCorruptionLayerAzureArgs & Required<Pick<AntiCorruptionLayerAzureArgs, "publisherEmail" | "publisherName">>;
    readonly gcp: AntiCorruptionLayerGcpArgs;
}

/** Checks `args` and applies the defaults; throws before any resource exists. */
export function planAntiCorruptionLayer(name: string, args: AntiCorruptionLayerArgs): AntiCorruptionLayerPlan {
    const owner = `AntiCorruptionLayer '${name}'`;
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    if (args === undefined || args === null) fail("args are required: { legacy: { endpoint, namespace }, operations: { 'GET /orders/{id}': { operation: 'GetOrder' } } }");
    const { legacy } = args;
    if (!legacy || typeof legacy !== "object") fail("legacy is required: { endpoint, namespace, ... }");
    if (legacy.endpoint === undefined || legacy.endpoint === null || legacy.endpoint === "") fail("legacy.endpoint is required, e.g. 'https://erp.internal/OrderService.asmx'");
    if (typeof legacy.endpoint === "string") checkEndpoint(owner, legacy.endpoint);
    if (typeof legacy.namespace !== "string" || legacy.namespace === "") fail(`legacy.namespace must be the service's target namespace, e.g. 'urn:legacy-orders', got ${JSON.stringify(legacy.namespace)}`);
    const soapVersion = legacy.soapVersion ?? "1.1";
    if (!SOAP_VERSIONS.includes(soapVersion)) fail(`legacy.soapVersion must be one of ${SOAP_VERSIONS.join(", ")}, got ${JSON.stringify(soapVersion)}`);
    const authentication = legacy.authentication ?? "basic";
    if (!AUTHENTICATIONS.includes(authentication)) fail(`legacy.authentication must be one of ${AUTHENTICATIONS.join(", ")}, got ${JSON.stringify(authentication)}`);
    const timeoutSeconds = legacy.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    checkInteger(owner, "legacy.timeoutSeconds", timeoutSeconds, [1, MAX_BUDGET_SECONDS]);
    const maxAttempts = legacy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    checkInteger(owner, "legacy.maxAttempts", maxAttempts, [1, 10]);
    const budgetMs = timeoutSeconds * 1000 * maxAttempts + BACKOFF.maxDelayMs * (maxAttempts - 1);
    if (budgetMs > MAX_BUDGET_SECONDS * 1000) {
        fail(
            `legacy.timeoutSeconds x legacy.maxAttempts plus backoff is ${budgetMs / 1000} s, over the ${MAX_BUDGET_SECONDS} s an API Gateway HTTP API waits; ` +
                `lower timeoutSeconds (${timeoutSeconds}) or maxAttempts (${maxAttempts})`,
        );
    }
    for (const [code, status] of Object.entries(legacy.faultStatus ?? {})) checkInteger(owner, `legacy.faultStatus.${code}`, status, [400, 599]);
    const maxResponseBytes = legacy.maxResponseBytes ?? 4 * 1024 * 1024;
    checkInteger(owner, "legacy.maxResponseBytes", maxResponseBytes, [1024, 64 * 1024 * 1024]);

    if (args.mapping !== undefined && args.translatorModule !== undefined) fail("give either mapping or translatorModule, not both");
    const translatorModule = args.translatorModule === undefined ? undefined : path.resolve(args.translatorModule);
    if (translatorModule !== undefined && !fs.statSync(translatorModule, { throwIfNoEntry: false })?.isFile()) {
        fail(`translatorModule '${args.translatorModule}' is not a file (resolved to ${translatorModule}); give the path of a module exporting toDomain(response, context)`);
    }
    // Checked by mappingProblem just below: a rule lacking what its type needs is refused there.
    const mapping = translatorModule ? undefined : ((args.mapping as EntityMapping | undefined) ?? ORDER_RECORD_MAPPING);
    const problem = mapping && mappingProblem(mapping);
    if (problem) fail(problem);

    const routes = planOperations(owner, args.operations);
    const maxRequestBytes = args.maxRequestBytes ?? 1024 * 1024;
    checkInteger(owner, "maxRequestBytes", maxRequestBytes, [1, 64 * 1024 * 1024]);
    const memoryMb = args.memoryMb ?? DEFAULT_MEMORY_MB;
    checkInteger(owner, "memoryMb", memoryMb, [128, 10_240]);
    const tags = patternTags(PATTERN, args.tags);
    const credentials = legacy.credentials === undefined ? undefined : credentialsJson(owner, legacy.credentials);

    const settings = (credentialsRef: Record<string, pulumi.Input<string>> | undefined) =>
        pulumi.all([pulumi.output(legacy.endpoint), pulumi.output(credentialsRef)]).apply(([endpoint, ref]): Record<string, unknown> => {
            checkEndpoint(owner, endpoint);
            return {
                legacy: {
                    endpoint,
                    namespace: legacy.namespace,
                    soapVersion,
                    timeoutMs: timeoutSeconds * 1000,
                    maxAttempts,
                    ...BACKOFF,
                    maxResponseBytes,
                    authentication,
                    faultStatus: legacy.faultStatus ?? {},
                },
                ...(ref ? { credentials: ref } : {}),
                operations: args.operations,
                ...(mapping ? { mapping } : {}),
                maxRequestBytes,
            };
        });

    return {
        routes,
        frontDoorTimeoutMs: Math.min(30_000, budgetMs + 1_000),
        bundle: (cloud) => translatorBundle(cloud, translatorModule),
        function: {
            memoryMb,
            timeoutSeconds: Math.ceil(budgetMs / 1000) + 1,
            tags,
            logRetentionDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS,
        },
        settings,
        credentials,
        tags,
        aws: { throttlingRateLimit: args.aws?.throttlingRateLimit ?? 100, throttlingBurstLimit: args.aws?.throttlingBurstLimit ?? 200 },
        azure: { ...args.azure, publisherEmail: args.azure?.publisherEmail ?? "platform@example.com", publisherName: args.azure?.publisherName ?? "cloud-patterns" },
        gcp: { ...args.gcp },
    };
}

function planOperations(owner: string, operations: AntiCorruptionLayerArgs["operations"]): Route[] {
    if (typeof operations !== "object" || operations === null || Object.keys(operations).length === 0) {
        throw new Error(`${owner}: operations must map at least one route to a legacy operation, e.g. { "GET /orders/{id}": { operation: "GetOrder", parameters: { OrderId: "path.id" } } }`);
    }
    const routes = parseRoutes(owner, Object.keys(operations));
    for (const route of routes) {
        const op: OperationArgs | undefined = operations[route.key];
        const at = `operations['${route.key}']`;
        if (typeof op?.operation !== "string" || !/^[A-Za-z_][\w.-]*$/.test(op.operation)) {
            throw new Error(`${owner}: ${at} has no operation; give the legacy SOAP operation it calls, e.g. { operation: "GetOrder" }, got ${JSON.stringify(op?.operation)}`);
        }
        if (op.result !== undefined && !RESULTS.includes(op.result)) throw new Error(`${owner}: ${at}.result must be one of ${RESULTS.join(", ")}, got ${JSON.stringify(op.result)}`);
        if (op.body && (route.method === "GET" || route.method === "HEAD")) throw new Error(`${owner}: ${at}.body: a ${route.method} request has no body`);
        for (const [element, source] of Object.entries(op.parameters ?? {})) checkParameter(owner, `${at}.parameters.${element}`, source, route);
    }
    return routes;
}

function checkParameter(owner: string, at: string, value: string | ParameterArgs, route: Route): void {
    const spec = typeof value === "string" ? { source: value } : value;
    const m = typeof spec?.source === "string" ? SOURCE.exec(spec.source) : null;
    if (!m) throw new Error(`${owner}: ${at} must come from path.<name>, query.<name> or header.<name>, got ${JSON.stringify(spec?.source ?? value)}`);
    if (m[1] === "path" && !route.params.includes(m[2])) {
        const params = route.params.length ? route.params.map((p) => `{${p}}`).join(", ") : "no parameters";
        throw new Error(`${owner}: ${at} reads path parameter '${m[2]}', but route '${route.key}' has ${params}`);
    }
    if (typeof value !== "string" && value.type !== undefined) {
        const { source: _source, required: _required, ...rule } = value;
        const problem = ruleProblem(rule as FieldRule, at, PARAMETER_CONVERTERS);
        if (problem) throw new Error(`${owner}: ${problem}`);
    }
}

function checkEndpoint(owner: string, endpoint: string): void {
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        throw new Error(`${owner}: legacy.endpoint '${endpoint}' is not an absolute URL; expected e.g. 'https://erp.internal/OrderService.asmx'`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${owner}: legacy.endpoint must use https (or http), not '${url.protocol}'`);
    if (url.username || url.password) throw new Error(`${owner}: legacy.endpoint must not carry credentials (settings are plain configuration); use legacy.credentials`);
    if (url.protocol === "http:") pulumi.log.warn(`${owner}: the legacy system is called over plain http (${endpoint}); credentials travel in clear unless it is on a private network`);
}

/** The credentials as the JSON document the function parses, always a Pulumi secret. */
function credentialsJson(owner: string, credentials: pulumi.Input<LegacyCredentials>): pulumi.Output<string> {
    return pulumi.secret(
        pulumi.output(credentials).apply((c) => {
            if (typeof c?.username !== "string" || c.username === "" || typeof c.password !== "string" || c.password === "") {
                throw new Error(`${owner}: legacy.credentials must be { username, password } with both non-empty`);
            }
            return JSON.stringify({ username: c.username, password: c.password });
        }),
    );
}

function checkInteger(owner: string, field: string, value: number, [min, max]: readonly [number, number]): void {
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${owner}: ${field} must be a whole number from ${min} to ${max}, got ${value}`);
}
