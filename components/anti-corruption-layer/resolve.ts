/**
 * Anti-Corruption Layer args checked and completed once, for every cloud: the defaults live
 * here and nowhere else, and every error names the component, the field, the value and what is
 * allowed. Nothing here declares a resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseRoutes, Route } from "../platform/routes";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { ApimPublisher, withApimPublisher } from "../platform/apim-publisher";
import { patternTags } from "../platform/tags";
import type { Cloud } from "../cloud";
import type { ResolvedPatternArgs } from "../pattern-component";
import { AclSettingsDocument, AUTHENTICATIONS, RESULTS, SOAP_VERSIONS } from "../../handlers/anti-corruption-layer/settings-document";
import type { SecretReference } from "../../handlers/secrets/reference";
import { BundleSpec, FunctionArgs, SettingsInput } from "../platform/types";
import { ArgsValidator } from "../platform/validate";
import {
    AntiCorruptionLayerArgs,
    AntiCorruptionLayerAwsArgs,
    AntiCorruptionLayerAzureArgs,
    AntiCorruptionLayerGcpArgs,
    LegacyCredentials,
    OperationArgs,
    ParameterArgs,
} from "./args";
import { translatorBundle } from "./functions";
import { EntityMapping, FieldRule, mappingProblem, ORDER_RECORD_MAPPING, parameterRuleProblem } from "./mapping";

export const PATTERN = "anti-corruption-layer";
export const DEFAULT_TIMEOUT_SECONDS = 8;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MEMORY_MB = 256;
/** An API Gateway HTTP API waits at most 30 s for its integration; the function answers 504 before. */
export const MAX_BUDGET_SECONDS = 29;
/** Backoff bounds between attempts (decorrelated jitter in between). */
const BACKOFF = { initialDelayMs: 100, maxDelayMs: 1_000 };
const SOURCE = /^(path|query|header)\.([A-Za-z0-9_.-]+)$/;

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface ResolvedAntiCorruptionLayerArgs extends ResolvedPatternArgs<
    Required<AntiCorruptionLayerAwsArgs>,
    AntiCorruptionLayerAzureArgs & ApimPublisher,
    AntiCorruptionLayerGcpArgs & Required<Pick<AntiCorruptionLayerGcpArgs, "enableApis">>
> {
    readonly routes: readonly Route[];
    /** How long the front door waits for the function: every attempt, the backoff and time to answer. */
    readonly frontDoorTimeoutMs: number;
    /** The function, ready for the platform's hosting, except the settings (they hold the cloud's secret reference). */
    readonly function: Omit<FunctionArgs, "settings" | "bundle">;
    /** The function's bundle for the cloud (each cloud's entry carries only its own secret-store SDK). */
    readonly bundle: BundleSpec;
    /** Builds the settings document given the cloud's reference to the stored credentials. */
    readonly settings: (credentials: SettingsInput<SecretReference> | undefined) => SettingsInput<AclSettingsDocument>;
    /** The credentials as the JSON the function reads, a Pulumi secret; absent when none were given. */
    readonly credentials?: pulumi.Output<string>;
}

/** Checks `args` and applies the defaults; throws before any resource exists. */
export function resolveAntiCorruptionLayerArgs(name: string, cloud: Cloud, args: AntiCorruptionLayerArgs): ResolvedAntiCorruptionLayerArgs {
    const check = ArgsValidator.forComponent("AntiCorruptionLayer", name);
    const owner = check.owner;
    const fail = (message: string): never => check.refuse(message);
    if (args === undefined || args === null)
        fail("args are required: { legacy: { endpoint, namespace }, operations: { 'GET /orders/{id}': { operation: 'GetOrder' } } }");
    const { legacy } = args;
    if (!legacy || typeof legacy !== "object") fail("legacy is required: { endpoint, namespace, ... }");
    if (legacy.endpoint === undefined || legacy.endpoint === null || legacy.endpoint === "")
        fail("legacy.endpoint is required, e.g. 'https://erp.internal/OrderService.asmx'");
    if (typeof legacy.endpoint === "string") checkEndpoint(owner, legacy.endpoint);
    check.string("legacy.namespace", legacy.namespace, "the service's target namespace, e.g. 'urn:legacy-orders'");
    const soapVersion = check.oneOf("legacy.soapVersion", legacy.soapVersion ?? "1.1", SOAP_VERSIONS);
    const authentication = check.oneOf("legacy.authentication", legacy.authentication ?? "basic", AUTHENTICATIONS);
    const timeoutSeconds = check.integer("legacy.timeoutSeconds", legacy.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, [
        1,
        MAX_BUDGET_SECONDS,
    ]);
    const maxAttempts = check.integer("legacy.maxAttempts", legacy.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, [1, 10]);
    const budgetMs = timeoutSeconds * 1000 * maxAttempts + BACKOFF.maxDelayMs * (maxAttempts - 1);
    if (budgetMs > MAX_BUDGET_SECONDS * 1000) {
        fail(
            `legacy.timeoutSeconds x legacy.maxAttempts plus backoff is ${budgetMs / 1000} s, over the ${MAX_BUDGET_SECONDS} s an API Gateway HTTP API waits; ` +
                `lower timeoutSeconds (${timeoutSeconds}) or maxAttempts (${maxAttempts})`,
        );
    }
    for (const [code, status] of Object.entries(legacy.faultStatus ?? {})) check.integer(`legacy.faultStatus.${code}`, status, [400, 599]);
    const maxResponseBytes = check.integer("legacy.maxResponseBytes", legacy.maxResponseBytes ?? 4 * 1024 * 1024, [1024, 64 * 1024 * 1024]);

    if (args.mapping !== undefined && args.translatorModule !== undefined) fail("give either mapping or translatorModule, not both");
    const translatorModule = check.moduleFile("translatorModule", args.translatorModule, "toDomain(response, context)");
    // Checked by mappingProblem just below: a rule lacking what its type needs is refused there.
    const mapping = translatorModule ? undefined : ((args.mapping as EntityMapping | undefined) ?? ORDER_RECORD_MAPPING);
    const problem = mapping && mappingProblem(mapping);
    if (problem) fail(problem);

    const routes = resolveOperations(check, args.operations);
    const maxRequestBytes = check.integer("maxRequestBytes", args.maxRequestBytes ?? 1024 * 1024, [1, 64 * 1024 * 1024]);
    const memoryMb = check.integer("memoryMb", args.memoryMb ?? DEFAULT_MEMORY_MB, [128, 10_240]);
    const tags = patternTags(PATTERN, args.tags);
    const credentials = legacy.credentials === undefined ? undefined : credentialsJson(owner, legacy.credentials);

    const settings = (credentialsRef: SettingsInput<SecretReference> | undefined): SettingsInput<AclSettingsDocument> => ({
        legacy: pulumi.output(legacy.endpoint).apply((endpoint) => {
            // An endpoint given as an output is only known now.
            checkEndpoint(owner, endpoint);
            return {
                endpoint,
                namespace: legacy.namespace,
                soapVersion,
                timeoutMs: timeoutSeconds * 1000,
                maxAttempts,
                ...BACKOFF,
                maxResponseBytes,
                authentication,
                faultStatus: legacy.faultStatus ?? {},
            };
        }),
        ...(credentialsRef ? { credentials: credentialsRef } : {}),
        operations: args.operations,
        ...(mapping ? { mapping } : {}),
        maxRequestBytes,
    });

    const bundle = translatorBundle(cloud, translatorModule);
    return {
        userModules: [{ arg: "translatorModule", module: translatorModule, bundle, functionName: `${name}-translator` }],
        routes,
        frontDoorTimeoutMs: Math.min(30_000, budgetMs + 1_000),
        bundle,
        function: {
            memoryMb,
            timeoutSeconds: Math.ceil(budgetMs / 1000) + 1,
            tags,
            logRetentionDays: checkLogRetentionDays(check, "logRetentionDays", args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, cloud),
        },
        settings,
        credentials,
        tags,
        aws: { throttlingRateLimit: args.aws?.throttlingRateLimit ?? 100, throttlingBurstLimit: args.aws?.throttlingBurstLimit ?? 200 },
        azure: withApimPublisher(args.azure),
        gcp: { ...args.gcp, enableApis: check.boolean("gcp.enableApis", args.gcp?.enableApis ?? true) },
    };
}

function resolveOperations(check: ArgsValidator, operations: AntiCorruptionLayerArgs["operations"]): Route[] {
    const owner = check.owner;
    if (typeof operations !== "object" || operations === null || Object.keys(operations).length === 0) {
        throw new Error(
            `${owner}: operations must map at least one route to a legacy operation, e.g. { "GET /orders/{id}": { operation: "GetOrder", parameters: { OrderId: "path.id" } } }`,
        );
    }
    const routes = parseRoutes(owner, Object.keys(operations));
    for (const route of routes) {
        const op: OperationArgs | undefined = operations[route.key];
        const at = `operations['${route.key}']`;
        if (typeof op?.operation !== "string" || !/^[A-Za-z_][\w.-]*$/.test(op.operation)) {
            throw new Error(
                `${owner}: ${at} has no operation; give the legacy SOAP operation it calls, e.g. { operation: "GetOrder" }, got ${JSON.stringify(op?.operation)}`,
            );
        }
        if (op.result !== undefined) check.oneOf(`${at}.result`, op.result, RESULTS);
        if (op.body && (route.method === "GET" || route.method === "HEAD"))
            throw new Error(`${owner}: ${at}.body: a ${route.method} request has no body`);
        for (const [element, source] of Object.entries(op.parameters ?? {}))
            checkParameter(owner, `${at}.parameters.${element}`, source, route);
    }
    return routes;
}

function checkParameter(owner: string, at: string, value: string | ParameterArgs, route: Route): void {
    const spec = typeof value === "string" ? { source: value } : value;
    const m = typeof spec?.source === "string" ? SOURCE.exec(spec.source) : null;
    if (!m)
        throw new Error(
            `${owner}: ${at} must come from path.<name>, query.<name> or header.<name>, got ${JSON.stringify(spec?.source ?? value)}`,
        );
    if (m[1] === "path" && !route.params.includes(m[2])) {
        const params = route.params.length ? route.params.map((p) => `{${p}}`).join(", ") : "no parameters";
        throw new Error(`${owner}: ${at} reads path parameter '${m[2]}', but route '${route.key}' has ${params}`);
    }
    if (typeof value !== "string" && value.type !== undefined) {
        const { source: _source, required: _required, ...rule } = value;
        const problem = parameterRuleProblem(rule as FieldRule, at);
        if (problem) throw new Error(`${owner}: ${problem}`);
    }
}

function checkEndpoint(owner: string, endpoint: string): void {
    let url: URL;
    try {
        url = new URL(endpoint);
    } catch {
        throw new Error(
            `${owner}: legacy.endpoint '${endpoint}' is not an absolute URL; expected e.g. 'https://erp.internal/OrderService.asmx'`,
        );
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
        throw new Error(`${owner}: legacy.endpoint must use https (or http), not '${url.protocol}'`);
    if (url.username || url.password)
        throw new Error(`${owner}: legacy.endpoint must not carry credentials (settings are plain configuration); use legacy.credentials`);
    if (url.protocol === "http:")
        pulumi.log.warn(
            `${owner}: the legacy system is called over plain http (${endpoint}); credentials travel in clear unless it is on a private network`,
        );
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
