/**
 * The ACL function's settings, as the component writes them into CLOUD_PATTERNS_CONFIG,
 * checked once at cold start. Credentials arrive as a secret-store reference only.
 */
import { ConfigError, type ConfigReader } from "../config";
import { parseRouteKey } from "../http/routes";
import { readSecretReference, type SecretReference } from "../secrets";
import { compileMapping, compileParameterRule, type CompiledMapping, type LegacyNode } from "./mapping";
import type { EntityMapping, FieldRule } from "./mapping-rules";
import { AUTHENTICATIONS, RESULTS, SOAP_VERSIONS, type Authentication, type ResultKind, type SoapVersion } from "./settings-document";

export type { Authentication, ResultKind } from "./settings-document";

export interface LegacySettings {
    readonly endpoint: string;
    readonly soapVersion: SoapVersion;
    readonly namespace: string;
    readonly timeoutMs: number;
    readonly maxAttempts: number;
    readonly backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
    readonly maxResponseBytes: number;
    readonly authentication: Authentication;
    /** Fault code, subcode or detail element local name -> HTTP status; checked before the defaults. */
    readonly faultStatus: Readonly<Record<string, number>>;
}

/** Where a request parameter comes from: `path.<name>`, `query.<name>` or `header.<name>`. */
export interface ParameterSource {
    readonly from: "path" | "query" | "header";
    readonly name: string;
    readonly required: boolean;
    /** Converts the request's text to the legacy form (a date format, an enum code...). */
    readonly toLegacy: (value: string, field: string) => LegacyNode | LegacyNode[];
}

export interface OperationSettings {
    readonly route: string;
    readonly method: string;
    readonly operation: string;
    readonly soapAction: string;
    readonly idempotent: boolean;
    /** Legacy element (in the operation element) -> where its value comes from. */
    readonly parameters: Readonly<Record<string, ParameterSource>>;
    /** The JSON request body is translated to the legacy record and sent in the operation element. */
    readonly body: boolean;
    readonly result: ResultKind;
}

export interface AclSettings {
    readonly legacy: LegacySettings;
    readonly credentials?: SecretReference;
    readonly operations: readonly OperationSettings[];
    /** Absent when the function is bundled with a translator module. */
    readonly mapping?: CompiledMapping;
    readonly maxRequestBytes: number;
    /** A prefix the front door keeps on the path (e.g. `/acl`), removed before routing. */
    readonly basePath: string;
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
const SOURCE = /^(path|query|header)\.(.+)$/;

function oneOf<T extends string>(reader: ConfigReader, field: string, at: string, allowed: readonly T[], fallback: T): T {
    const v = reader.raw(field) ?? fallback;
    if (!allowed.includes(v as T)) throw new ConfigError(`'${at}' must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T;
}

function readLegacy(settings: ConfigReader): LegacySettings {
    const legacy = settings.object("legacy");
    const endpoint = legacy.string("endpoint");
    if (!/^https?:\/\//.test(endpoint)) throw new ConfigError(`'legacy.endpoint' must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
    const faultStatus = (legacy.raw("faultStatus") ?? {}) as Record<string, unknown>;
    for (const [code, status] of Object.entries(faultStatus)) {
        if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
            throw new ConfigError(`'legacy.faultStatus.${code}' must be an HTTP error status (400-599), got ${JSON.stringify(status)}`);
        }
    }
    return {
        endpoint,
        soapVersion: oneOf(legacy, "soapVersion", "legacy.soapVersion", SOAP_VERSIONS, "1.1"),
        namespace: legacy.string("namespace"),
        timeoutMs: legacy.optionalNumber("timeoutMs", 10_000, 1, 900_000),
        maxAttempts: legacy.optionalNumber("maxAttempts", 3, 1, 10),
        backoff: {
            initialDelayMs: legacy.optionalNumber("initialDelayMs", 100, 0, 60_000),
            maxDelayMs: legacy.optionalNumber("maxDelayMs", 2_000, 0, 60_000),
        },
        maxResponseBytes: legacy.optionalNumber("maxResponseBytes", 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
        authentication: oneOf(legacy, "authentication", "legacy.authentication", AUTHENTICATIONS, "basic"),
        faultStatus: faultStatus as Record<string, number>,
    };
}

function readParameter(value: unknown, at: string, pathParams: readonly string[]): ParameterSource {
    const spec = typeof value === "string" ? { source: value } : (value as { source?: unknown; required?: boolean } & Partial<FieldRule>);
    if (typeof spec !== "object" || spec === null || typeof spec.source !== "string") {
        throw new ConfigError(
            `'${at}' must be "path.<name>", "query.<name>", "header.<name>" or {source, type, ...}, got ${JSON.stringify(value)}`,
        );
    }
    const m = SOURCE.exec(spec.source);
    if (!m) throw new ConfigError(`'${at}' source must be path.<name>, query.<name> or header.<name>, got ${JSON.stringify(spec.source)}`);
    const from = m[1] as ParameterSource["from"];
    if (from === "path" && !pathParams.includes(m[2])) {
        throw new ConfigError(
            `'${at}' reads path parameter '${m[2]}', but the route has ${pathParams.length ? pathParams.map((p) => `{${p}}`).join(", ") : "no parameters"}`,
        );
    }
    const { source: _source, required, ...rule } = spec;
    let toLegacy: ParameterSource["toLegacy"] = (text) => text;
    if (rule.type !== undefined) {
        try {
            toLegacy = compileParameterRule(rule as FieldRule, at);
        } catch (err) {
            throw new ConfigError((err as Error).message);
        }
    }
    return { from, name: from === "header" ? m[2].toLowerCase() : m[2], required: required ?? from === "path", toLegacy };
}

function readOperations(settings: ConfigReader): OperationSettings[] {
    const operations = settings.object("operations");
    const raw = settings.raw("operations") as Record<string, unknown>;
    const routes = Object.keys(raw);
    if (routes.length === 0)
        throw new ConfigError(`'operations' must map at least one route (e.g. "GET /orders/{id}") to a legacy operation`);
    return routes.map((route) => {
        let template: ReturnType<typeof parseRouteKey>;
        try {
            template = parseRouteKey(route);
        } catch (err) {
            throw new ConfigError(`'operations': ${(err as Error).message}`);
        }
        const op = operations.object(route);
        const at = `operations.${route}`;
        const operation = op.string("operation");
        const pathParams = template.params;
        const parameters = Object.fromEntries(
            Object.entries((op.raw("parameters") ?? {}) as Record<string, unknown>).map(([element, source]) => [
                element,
                readParameter(source, `${at}.parameters.${element}`, pathParams),
            ]),
        );
        return {
            route,
            method: template.method,
            operation,
            soapAction: op.optionalString("soapAction") ?? operation,
            idempotent: op.boolean("idempotent", IDEMPOTENT_METHODS.has(template.method)),
            parameters,
            body: op.boolean("body", false),
            result: oneOf(op, "result", `${at}.result`, RESULTS, "one"),
        };
    });
}

/** Builds the settings; `withMapping` is false when a translator module replaces the declarative mapping. */
export function parseAclSettings(settings: ConfigReader, withMapping = true): AclSettings {
    const credentials = settings.raw("credentials") === undefined ? undefined : readSecretReference(settings, "credentials");
    let mapping: CompiledMapping | undefined;
    if (withMapping) {
        try {
            mapping = compileMapping(settings.raw("mapping") as EntityMapping);
        } catch (err) {
            throw new ConfigError((err as Error).message);
        }
    }
    return {
        legacy: readLegacy(settings),
        credentials,
        operations: readOperations(settings),
        mapping,
        maxRequestBytes: settings.optionalNumber("maxRequestBytes", 1024 * 1024, 1, 64 * 1024 * 1024),
        basePath: (settings.optionalString("basePath") ?? "").replace(/\/+$/, ""),
    };
}
