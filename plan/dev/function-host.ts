/**
 * One deployed function, run on this machine: a child process of `cloud-patterns dev` that loads
 * the bundle folder the cloud would get, the way that cloud's runtime loads it, and serves it on
 * 127.0.0.1. Its environment is the function's own (the settings document in CLOUD_PATTERNS_CONFIG,
 * rewritten to the local stand-ins), so one process per function keeps their settings apart.
 * - AWS: `require(index.js).handler`, called with API Gateway payload 2.0 events (HTTP) or SQS
 *   records posted by the dev queue (`POST /__deliver`, a JSON array of records).
 * - GCP: the folder loaded and served by functions-framework's own loader and server.
 * - Azure: the bundled `@azure/functions` registers with a recording `@azure/functions-core`
 *   stand-in; HTTP requests become HttpRequest objects handed to the registered handler, and a
 *   trigger's batch posted to `/__deliver` (a JSON array: the change feed's documents) is its input.
 * The parent learns the port by IPC, and the process exits when the parent disconnects.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { GCP_ENTRY_POINT } from "../../components/platform/bundle-wrapper";
import type { ApiGatewayV2Event, ApiGatewayV2Result } from "../../handlers/runtimes/aws";
import { headersOf, readBody } from "../../handlers/runtimes/node-http";
import { azureCoreRegistrations } from "./azure-core-stand-in";

/** What the parent asks the host to run (argv[2], JSON). */
export interface HostRequest {
    readonly cloud: Cloud;
    readonly dir: string;
    readonly functionName: string;
    /** `http` for a front-door function; otherwise the message trigger. */
    readonly trigger: string;
    readonly signatureType: "http" | "cloudevent";
}

/** The host's first IPC message. */
export type HostReady = { readonly port: number } | { readonly error: string };

/** The path the dev queue posts a batch of deliveries to (AWS SQS records, in the Lambda event's shape). */
export const DELIVER_PATH = "/__deliver";

/** The header a delivery to an Azure host carries the trigger's binding data in (URI-encoded JSON: a Service Bus message's deliveryCount...). */
export const TRIGGER_METADATA_HEADER = "x-trigger-metadata";

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

async function awsServer(dir: string, trigger: string): Promise<Server> {
    const { handler } = require(path.join(dir, "index.js")) as { handler: (event: unknown) => Promise<unknown> };
    const serve: NodeHandler = (req, res) => {
        readBody(req)
            .then(async (body) => {
                if (trigger !== "http") {
                    const result = await handler({ Records: JSON.parse(body.toString("utf8")) });
                    return sendJson(res, 200, result);
                }
                const result = (await handler(apiGatewayEvent(req, body))) as ApiGatewayV2Result;
                res.statusCode = result.statusCode;
                for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
                if (result.cookies.length) res.setHeader("set-cookie", result.cookies);
                res.end(Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8"));
            })
            .catch((err: unknown) => failed(res, err));
    };
    return createServer(serve);
}

/** The request as API Gateway HTTP API (payload 2.0) hands it over: lower-cased, comma-joined headers, cookies apart. */
export function apiGatewayEvent(req: IncomingMessage, body: Buffer): ApiGatewayV2Event {
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers: Record<string, string> = {};
    let cookies: string[] | undefined;
    for (const [name, value] of headersOf(req)) {
        const lower = name.toLowerCase();
        if (lower === "cookie") cookies = [...(cookies ?? []), ...value.split(/;\s*/)];
        else headers[lower] = headers[lower] === undefined ? value : `${headers[lower]},${value}`;
    }
    return {
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        cookies,
        body: body.length ? body.toString("base64") : undefined,
        isBase64Encoded: body.length > 0,
        requestContext: { domainName: headers.host ?? "127.0.0.1", requestId: randomUUID(), http: { method: req.method ?? "GET" } },
    };
}

async function gcpServer(dir: string, signatureType: string): Promise<Server> {
    // functions-framework's start-up pieces; the package exports only its public API, so they are required by file.
    const build = path.dirname(require.resolve("@google-cloud/functions-framework"));
    const options = require(path.join(build, "options.js")) as {
        parseOptions(argv: string[], env: NodeJS.ProcessEnv): { sourceLocation: string; target: string; signatureType: string };
    };
    const loader = require(path.join(build, "loader.js")) as {
        getUserFunction(
            source: string,
            target: string,
            signatureType: string,
        ): Promise<{ userFunction: unknown; signatureType: string } | null>;
    };
    const server = require(path.join(build, "server.js")) as { getServer(fn: unknown, options: object): Server };
    const parsed = options.parseOptions([`--target=${GCP_ENTRY_POINT}`, `--source=${dir}`], { FUNCTION_SIGNATURE_TYPE: signatureType });
    const loaded = await loader.getUserFunction(parsed.sourceLocation, parsed.target, parsed.signatureType);
    if (!loaded) throw new Error(`functions-framework found no '${GCP_ENTRY_POINT}' in ${dir}`);
    return server.getServer(loaded.userFunction, { ...parsed, signatureType: loaded.signatureType });
}

async function azureServer(dir: string, functionName: string, trigger: string): Promise<Server> {
    const { HttpRequest, InvocationContext } = require("@azure/functions") as typeof import("@azure/functions");
    const main = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).main as string;
    require(path.join(dir, main));
    const registration = azureCoreRegistrations().find((r) => r.metadata.name === functionName);
    if (!registration) throw new Error(`the Azure bundle in ${dir} registered no function '${functionName}'`);
    const serve: NodeHandler = (req, res) => {
        readBody(req)
            .then(async (body) => {
                if (trigger !== "http") {
                    // A trigger's batch (the change feed's documents) or message, its binding data in TRIGGER_METADATA_HEADER;
                    // a throw fails the invocation, as the host reports it.
                    const retryCount = Number(req.headers["x-retry-count"] ?? 0);
                    const metadata = req.headers[TRIGGER_METADATA_HEADER];
                    const context = new InvocationContext({
                        invocationId: randomUUID(),
                        retryContext: { retryCount, maxRetryCount: -1 },
                        ...(typeof metadata === "string" && { triggerMetadata: JSON.parse(decodeURIComponent(metadata)) }),
                    });
                    await registration.callback(JSON.parse(body.toString("utf8")), context);
                    return sendJson(res, 200, null);
                }
                const request = new HttpRequest({
                    method: req.method ?? "GET",
                    url: `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`,
                    headers: Object.fromEntries(headersOf(req).map(([n, v]) => [n.toLowerCase(), v])),
                    body: body.length ? { bytes: body } : undefined,
                });
                const answer = (await registration.callback(request, new InvocationContext({ invocationId: randomUUID() }))) as {
                    status?: number;
                    headers?: Record<string, string>;
                    body?: Uint8Array | string;
                };
                res.statusCode = answer.status ?? 200;
                for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
                res.end(answer.body === undefined ? undefined : Buffer.from(answer.body));
            })
            .catch((err: unknown) => failed(res, err));
    };
    return createServer(serve);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(value ?? null));
}

/** A throw out of the handler is what the runtime reports as a failed invocation (502 at API Gateway, 500 on the others). */
function failed(res: ServerResponse, err: unknown): void {
    console.error(`invocation failed: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) res.statusCode = 502;
    res.end();
}

async function start(request: HostRequest): Promise<Server> {
    switch (request.cloud) {
        case Cloud.Aws:
            return awsServer(request.dir, request.trigger);
        case Cloud.Gcp:
            return gcpServer(request.dir, request.signatureType);
        case Cloud.Azure:
            return azureServer(request.dir, request.functionName, request.trigger);
    }
}

if (require.main === module) {
    const request = JSON.parse(process.argv[2]) as HostRequest;
    start(request)
        .then((server) =>
            server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as AddressInfo).port } satisfies HostReady)),
        )
        .catch((err: unknown) => process.send!({ error: err instanceof Error ? err.message : String(err) } satisfies HostReady));
    process.on("disconnect", () => process.exit(0));
}
