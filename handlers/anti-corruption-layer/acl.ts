/**
 * The Anti-Corruption Layer as an HTTP handler: REST/JSON in front, SOAP/XML behind.
 * request -> route -> parameters + translated body -> SOAP envelope -> legacy call
 * -> envelope -> fault or result -> translated domain JSON.
 */
import type { HttpHandler } from "../contracts";
import { REQUEST_ID_HEADER } from "../contracts";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { isMatch, Router } from "../http/routes";
import { faultStatus } from "./faults";
import { callLegacy, LegacyTimeoutError, LegacyTransportError } from "./legacy-client";
import { TranslationError, type LegacyNode } from "./mapping";
import type { AclSettings, OperationSettings } from "./settings";
import { buildEnvelope, NotSoapError, readEnvelope, soapHeaders, soapMediaType } from "./soap";
import type { TranslationContext, Translator } from "./translator";
import { parseLegacyXml, XmlError } from "./xml";

/** The legacy service's user and password, as stored (JSON) in the cloud's secret store. */
export interface LegacyCredentials {
    readonly username: string;
    readonly password: string;
}

export interface AclDependencies {
    /** Resolves the stored credentials (cached per cold start); absent when the service needs none. */
    readonly credentials?: () => Promise<string>;
    /** Where errors the client cannot act on are logged. @default console.error */
    readonly log?: (message: string) => void;
}

const XML_MEDIA = /^(text\/xml|application\/(soap\+)?xml)\b/i;
const ENVELOPE_START = /<([\w.-]+:)?Envelope[\s>]/;
const SNIPPET = 120;

function snippet(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}...` : flat;
}

function parseCredentials(text: string): LegacyCredentials {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch {
        value = undefined;
    }
    const c = value as Partial<LegacyCredentials> | undefined;
    if (typeof c?.username !== "string" || typeof c.password !== "string") {
        throw new Error(`the stored legacy credentials must be JSON {"username": "...", "password": "..."}`);
    }
    return { username: c.username, password: c.password };
}

async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
        throw new HttpError(415, "Unsupported Media Type", `the request body must be application/json, got ${type || "no content type"}`);
    }
    const tooLarge = () => new HttpError(413, "Content Too Large", `the request body is over the limit of ${maxBytes} bytes`);
    if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
    const text = await request.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
    try {
        return JSON.parse(text);
    } catch (err) {
        throw new HttpError(400, "Bad Request", `the request body is not valid JSON (${(err as Error).message})`);
    }
}

function translationProblem(err: TranslationError, status: number, title: string, prefix: string): HttpError {
    return new HttpError(status, title, `${prefix}: ${err.message}`, {
        field: err.field,
        legacyPath: err.legacyPath,
        value: err.value ?? null,
    });
}

export function createAntiCorruptionLayer(settings: AclSettings, translator: Translator, deps: AclDependencies = {}): HttpHandler {
    const router = new Router(Object.fromEntries(settings.operations.map((op) => [op.route, op])));
    const log = deps.log ?? ((m: string) => console.error(m));
    let credentials: Promise<LegacyCredentials> | undefined;
    const legacyCredentials = () => {
        if (!deps.credentials) return Promise.resolve(undefined);
        credentials ??= deps
            .credentials()
            .then(parseCredentials)
            .catch((err: unknown) => {
                credentials = undefined;
                throw err;
            });
        return credentials;
    };
    const { legacy } = settings;
    const expected = `a SOAP ${legacy.soapVersion} envelope (${soapMediaType(legacy.soapVersion)})`;

    function parameters(
        op: OperationSettings,
        request: Request,
        url: URL,
        params: Readonly<Record<string, string>>,
    ): Record<string, LegacyNode | LegacyNode[]> {
        const payload: Record<string, LegacyNode | LegacyNode[]> = {};
        for (const [element, source] of Object.entries(op.parameters)) {
            const value =
                source.from === "path"
                    ? params[source.name]
                    : source.from === "query"
                      ? url.searchParams.get(source.name)
                      : request.headers.get(source.name);
            const field = `${source.from}.${source.name}`;
            if (value === null || value === undefined) {
                if (source.required)
                    throw new HttpError(400, "Bad Request", `${source.from} parameter '${source.name}' is required`, { field });
                continue;
            }
            try {
                payload[element] = source.toLegacy(value, field);
            } catch (err) {
                if (err instanceof TranslationError) throw translationProblem(err, 400, "Bad Request", "invalid request parameter");
                throw err;
            }
        }
        return payload;
    }

    async function requestBody(
        op: OperationSettings,
        request: Request,
        context: TranslationContext,
    ): Promise<Record<string, LegacyNode | LegacyNode[]>> {
        if (!op.body) return {};
        if (!translator.toLegacy) throw new Error(`operation ${op.route} sends a body but the translator has no toLegacy`);
        const body = await readJsonBody(request, settings.maxRequestBytes);
        try {
            return translator.toLegacy(body, context);
        } catch (err) {
            if (err instanceof TranslationError)
                throw translationProblem(err, 422, "Unprocessable Content", "the request body cannot be translated");
            throw new HttpError(422, "Unprocessable Content", `the request body cannot be translated: ${(err as Error).message}`);
        }
    }

    async function envelopeFor(op: OperationSettings, payload: Record<string, LegacyNode | LegacyNode[]>, requestId: string | null) {
        const creds = await legacyCredentials().catch((err: unknown) => {
            log(`anti-corruption-layer: cannot read the legacy credentials: ${(err as Error).message}`);
            throw new HttpError(500, "Internal Server Error", "the legacy credentials could not be read from the secret store");
        });
        const headers: Record<string, string> = {
            ...soapHeaders(legacy.soapVersion, op.soapAction),
            accept: `${soapMediaType(legacy.soapVersion)}, text/xml`,
        };
        if (requestId) headers[REQUEST_ID_HEADER] = requestId;
        if (creds && legacy.authentication === "basic")
            headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
        const body = buildEnvelope({
            version: legacy.soapVersion,
            namespace: legacy.namespace,
            operation: op.operation,
            payload,
            usernameToken: creds && legacy.authentication === "wsSecurity" ? creds : undefined,
        });
        return { headers, body };
    }

    async function call(op: OperationSettings, envelope: { headers: Record<string, string>; body: string }) {
        try {
            return await callLegacy({
                endpoint: legacy.endpoint,
                ...envelope,
                timeoutMs: legacy.timeoutMs,
                maxResponseBytes: legacy.maxResponseBytes,
                maxAttempts: op.idempotent ? legacy.maxAttempts : 1,
                backoff: legacy.backoff,
            });
        } catch (err) {
            if (err instanceof LegacyTimeoutError) throw new HttpError(504, "Gateway Timeout", `${op.operation}: ${err.message}`);
            if (err instanceof LegacyTransportError) throw new HttpError(502, "Bad Gateway", `${op.operation}: ${err.message}`);
            throw err;
        }
    }

    function interpret(op: OperationSettings, answer: { status: number; contentType: string; text: string }) {
        const fail = (detail: string) => new HttpError(502, "Bad Gateway", `${op.operation}: ${detail}`, { legacyStatus: answer.status });
        const looksXml = answer.text.trimStart().startsWith("<");
        // Some legacy servers label SOAP text/plain or text/html; only a label and no envelope is refused here.
        if (answer.contentType && !XML_MEDIA.test(answer.contentType) && !ENVELOPE_START.test(answer.text.slice(0, 4096))) {
            throw fail(
                `expected ${expected}, got ${answer.contentType.split(";")[0]} with HTTP ${answer.status}: ${JSON.stringify(snippet(answer.text))}`,
            );
        }
        if (!looksXml)
            throw fail(
                `expected ${expected}, got ${answer.text.trim() ? `text that is not XML with HTTP ${answer.status}: ${JSON.stringify(snippet(answer.text))}` : `an empty answer with HTTP ${answer.status}`}`,
            );
        let result;
        try {
            result = readEnvelope(parseLegacyXml(answer.text));
        } catch (err) {
            if (err instanceof XmlError || err instanceof NotSoapError)
                throw fail(`expected ${expected}; ${err instanceof XmlError ? "the answer was refused: " : ""}${err.message}`);
            throw err;
        }
        if (result.kind === "fault") {
            const { fault } = result;
            const status = faultStatus(fault, legacy.faultStatus);
            const titles: Record<number, string> = { 404: "Not Found", 422: "Unprocessable Content", 502: "Bad Gateway" };
            return new HttpError(status, titles[status] ?? "Legacy Fault", `${op.operation}: ${fault.reason || "fault without a reason"}`, {
                faultCode: [fault.code, ...fault.subcodes].join("/"),
            });
        }
        if (answer.status >= 300) throw fail(`answered HTTP ${answer.status} without a SOAP Fault`);
        return result;
    }

    /** The operation for a request; 404 naming the routes, 405 with Allow. */
    function route(method: string, path: string): { op: OperationSettings; params: Readonly<Record<string, string>> } {
        const matched = router.match(method, path);
        if (isMatch(matched)) return { op: matched.value, params: matched.params };
        const allow = matched.allow.join(", ");
        if (matched.status === 405)
            throw new HttpError(405, "Method Not Allowed", `${method} is not allowed on ${path}; allowed: ${allow}`, {}, { allow });
        throw new HttpError(
            404,
            "Not Found",
            `no route for ${method} ${path}; routes are ${settings.operations.map((o) => o.route).join(", ")}`,
        );
    }

    async function handle(request: Request): Promise<Response> {
        const url = new URL(request.url);
        const path =
            settings.basePath && url.pathname.startsWith(settings.basePath)
                ? url.pathname.slice(settings.basePath.length) || "/"
                : url.pathname;
        const matched = route(request.method, path);
        const { op, params } = matched;
        const context: TranslationContext = { route: op.route, operation: op.operation, result: op.result, params };
        const payload = { ...parameters(op, request, url, params), ...(await requestBody(op, request, context)) };
        const answer = await call(op, await envelopeFor(op, payload, request.headers.get(REQUEST_ID_HEADER)));
        const result = interpret(op, answer);
        if (result instanceof HttpError) return problemResponse(result, request);
        if (op.result === "none") return new Response(null, { status: 204 });
        let domain: unknown;
        try {
            domain = result.kind === "result" ? translator.toDomain(result.node, context) : op.result === "many" ? [] : undefined;
        } catch (err) {
            const detail = err instanceof TranslationError ? err.message : (err as Error).message;
            throw new HttpError(
                502,
                "Bad Gateway",
                `${op.operation}: the legacy answer breaks its contract: ${detail}`,
                err instanceof TranslationError ? { field: err.field, legacyPath: err.legacyPath, value: err.value ?? null } : {},
            );
        }
        if (domain === undefined) throw new HttpError(404, "Not Found", `${op.operation} returned no record for ${path}`);
        return jsonResponse(op.method === "POST" ? 201 : 200, domain);
    }

    return async (request) => {
        try {
            return await handle(request);
        } catch (err) {
            if (err instanceof HttpError) {
                if (err.status >= 500)
                    log(`anti-corruption-layer: ${request.method} ${new URL(request.url).pathname} -> ${err.status}: ${err.message}`);
                return problemResponse(err, request);
            }
            log(`anti-corruption-layer: ${request.method} ${request.url} failed: ${(err as Error).stack ?? String(err)}`);
            return problemResponse(
                new HttpError(500, "Internal Server Error", "the anti-corruption layer failed; see the function's log"),
                request,
            );
        }
    };
}
