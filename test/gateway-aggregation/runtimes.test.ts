/**
 * The Gateway Aggregation function as each cloud runs it: the real bundle the component deploys
 * (esbuild output of bundleFunction, merge module included), loaded from a package folder and
 * invoked the way the runtime invokes it, against real backends on 127.0.0.1.
 * - AWS: the exported `handler` called with an API Gateway HTTP API payload 2.0 event.
 * - Azure: the bundle registers with `app.http`; a stand-in for `@azure/functions-core` (the module
 *   the Functions worker injects) captures the registration, which is called with an `HttpRequest`.
 * - GCP: the exported entry point registered with functions-framework and served by its test server.
 * - Local: the plain handler on node:http (`serveLocal`).
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HttpRequest, InvocationContext } from "@azure/functions";
import * as functionsFramework from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { Cloud } from "../../components/cloud";
import { aggregatorBundle } from "../../components/gateway-aggregation/functions";
import { bundleFunction } from "../../components/platform/bundle";
import { readFunctionConfig } from "../../handlers/config";
import { createAggregator } from "../../handlers/gateway-aggregation/aggregator";
import { merge as productPageMerge } from "../fixtures/gateway-aggregation/product-page-merge";
import { parseSettings } from "../../handlers/gateway-aggregation/settings";
import { serveLocal } from "../../handlers/runtimes/local";
import { useBackends } from "../fixtures/gateway-aggregation/backends";

const PRODUCT_PAGE_MERGE = resolve(__dirname, "../fixtures/gateway-aggregation/product-page-merge.ts");

/** What a client of the deployed function sees. */
interface Answer {
    readonly status: number;
    readonly header: (name: string) => string | null;
    // The bodies under test are JSON of known shape; `any` keeps the assertions short.
    readonly body: any;
}

type Call = (method: string, path: string, headers?: Record<string, string>) => Promise<Answer>;

interface Runtime {
    readonly name: string;
    /** Deploys the function with this settings document and merge module; returns how to call it. */
    start(settings: object, mergeModule?: string): Promise<Call>;
}

const folders: string[] = [];
const servers: { close(): unknown }[] = [];

/** The deployment package of the aggregator for `cloud`, written out and loaded with its settings. */
function deploy(cloud: Cloud, settings: object, mergeModule: string | undefined): { exports: Record<string, unknown>; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), `gateway-aggregation-${cloud}-`));
    folders.push(dir);
    const bundle = bundleFunction(aggregatorBundle(mergeModule), cloud, "gateway-aggregation");
    for (const [file, text] of Object.entries(bundle.files)) writeFileSync(join(dir, file), text);
    if (cloud === Cloud.Azure) {
        const core = join(dir, "node_modules/@azure/functions-core");
        mkdirSync(core, { recursive: true });
        writeFileSync(
            join(core, "index.js"),
            "exports.registrations = [];\n" +
                "exports.setProgrammingModel = () => {};\n" +
                "exports.registerFunction = (metadata, handler) => { exports.registrations.push({ metadata, handler }); return { dispose() {} }; };\n",
        );
    }
    const previous = process.env.CLOUD_PATTERNS_CONFIG;
    process.env.CLOUD_PATTERNS_CONFIG = JSON.stringify(settings);
    try {
        return { exports: require(join(dir, "index.js")), dir };
    } finally {
        if (previous === undefined) delete process.env.CLOUD_PATTERNS_CONFIG;
        else process.env.CLOUD_PATTERNS_CONFIG = previous;
    }
}

async function overHttp(base: string): Promise<Call> {
    return async (method, path, headers = {}) => {
        const response = await fetch(`${base}${path}`, { method, headers });
        return { status: response.status, header: (n) => response.headers.get(n), body: await response.json() };
    };
}

async function listen(server: Server): Promise<string> {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    servers.push({ close: () => server.close() });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const runtimes: Runtime[] = [
    {
        name: "local node:http (serveLocal)",
        async start(settings, mergeModule) {
            const merge = mergeModule ? productPageMerge : (await import("../../handlers/gateway-aggregation/default-merge")).merge;
            const handler = createAggregator(readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(settings) }), merge);
            const server = await serveLocal(handler);
            servers.push(server);
            return overHttp(server.url);
        },
    },
    {
        name: "AWS Lambda bundle (API Gateway HTTP API payload 2.0)",
        async start(settings, mergeModule) {
            const handler = deploy(Cloud.Aws, settings, mergeModule).exports.handler as (event: object) => Promise<{
                statusCode: number;
                headers: Record<string, string>;
                body: string;
                isBase64Encoded: boolean;
            }>;
            let n = 0;
            return async (method, path, headers = {}) => {
                const [rawPath, rawQueryString = ""] = path.split("?");
                const result = await handler({
                    version: "2.0",
                    routeKey: "$default",
                    rawPath,
                    rawQueryString,
                    headers: { host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "test", ...headers },
                    isBase64Encoded: false,
                    requestContext: {
                        domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
                        requestId: `apigw-${++n}`,
                        http: { method, path: rawPath },
                    },
                });
                const text = result.isBase64Encoded ? Buffer.from(result.body, "base64").toString() : result.body;
                return { status: result.statusCode, header: (h) => result.headers[h] ?? null, body: JSON.parse(text) };
            };
        },
    },
    {
        name: "Azure Functions bundle (app.http, HttpRequest)",
        async start(settings, mergeModule) {
            const { dir } = deploy(Cloud.Azure, settings, mergeModule);
            const { registrations } = require(join(dir, "node_modules/@azure/functions-core"));
            assert.equal(registrations.length, 1, "the bundle registers one function");
            const trigger = Object.values(registrations[0].metadata.bindings as Record<string, Record<string, unknown>>).find(
                (b) => b.type === "httpTrigger",
            );
            assert.equal(trigger?.route, "{*path}", "the front door owns the path");
            assert.equal(trigger?.authLevel, "function", "only a caller with the function key (APIM) gets in");
            const handler = registrations[0].handler as (
                req: HttpRequest,
                ctx: InvocationContext,
            ) => Promise<{ status: number; headers: Record<string, string>; body: Uint8Array }>;
            let n = 0;
            return async (method, path, headers = {}) => {
                const request = new HttpRequest({ method, url: `https://gateway-aggregation-1a2b.azurewebsites.net${path}`, headers });
                const result = await handler(
                    request,
                    new InvocationContext({ invocationId: `azfn-${++n}`, functionName: "gateway-aggregation" }),
                );
                return {
                    status: result.status,
                    header: (h) => result.headers[h] ?? null,
                    body: JSON.parse(Buffer.from(result.body).toString()),
                };
            };
        },
    },
    {
        name: "GCP Cloud Functions bundle (functions-framework test server)",
        async start(settings, mergeModule) {
            const entry = deploy(Cloud.Gcp, settings, mergeModule).exports.handler as functionsFramework.HttpFunction;
            const name = `gateway-aggregation-${folders.length}`;
            functionsFramework.http(name, entry);
            return overHttp(await listen(getTestServer(name)));
        },
    },
];

describe("gateway aggregation through each runtime (real bundles, real backends)", function () {
    const backends = useBackends();
    after(async () => {
        for (const server of servers) await server.close();
        for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    });

    const productPage = () => ({
        route: "GET /products/{id}",
        timeoutMs: 2000,
        backends: [
            { name: "product", url: `${backends.base}/catalogue/product/{id}` },
            { name: "reviews", url: `${backends.base}/catalogue/reviews/{id}` },
            { name: "recommendations", url: `${backends.base}/slow/3000/{id}`, timeoutMs: 100, required: false },
            { name: "inventory", url: `${backends.refused}/inventory/{id}`, required: false },
        ],
    });
    const failing = () => ({
        route: "GET /aggregate/{id}",
        timeoutMs: 2000,
        backends: [
            { name: "users", url: `${backends.base}/json/users/{id}` },
            { name: "orders", url: `${backends.base}/status/500` },
        ],
    });

    for (const runtime of runtimes) {
        describe(runtime.name, () => {
            it("answers the product page through the bundled merge module, degraded where optional backends failed", async () => {
                const call = await runtime.start(productPage(), PRODUCT_PAGE_MERGE);
                const answer = await call("GET", "/products/sku%2042?lang=en", { "x-request-id": "client-req-1" });
                assert.equal(answer.status, 200);
                assert.equal(answer.header("x-degraded"), "recommendations,inventory");
                assert.equal(answer.header("x-request-id"), "client-req-1");
                assert.deepEqual(answer.body, {
                    id: "sku 42",
                    name: "Product sku 42",
                    price: 12.5,
                    reviews: [{ stars: 5, text: "works" }],
                    relatedProducts: [],
                    inStock: null,
                    partial: true,
                });
                const seen = backends.calls.filter((c) => c.path.startsWith("/catalogue"));
                assert.deepEqual(seen.map((c) => c.path).sort(), ["/catalogue/product/sku%2042", "/catalogue/reviews/sku%2042"]);
                assert.ok(
                    backends.calls.every((c) => c.requestId === "client-req-1"),
                    "every backend got the client's request id",
                );
            });

            it("passes the platform's request id on when the client sent none, and merges by name by default", async () => {
                const call = await runtime.start({ ...productPage(), backends: productPage().backends.slice(0, 2) });
                const answer = await call("GET", "/products/7");
                assert.equal(answer.status, 200);
                assert.deepEqual(answer.body, {
                    product: { id: "7", name: "Product 7", price: 12.5 },
                    reviews: { items: [{ stars: 5, text: "works" }] },
                    degraded: [],
                });
                const id = answer.header("x-request-id");
                assert.ok(id, "the response carries the request id");
                assert.deepEqual(
                    backends.calls.map((c) => c.requestId),
                    [id, id],
                );
            });

            it("answers 502 naming the failed required backend", async () => {
                const call = await runtime.start(failing());
                const answer = await call("GET", "/aggregate/1");
                assert.equal(answer.status, 502);
                assert.deepEqual(answer.body.backends, ["orders"]);
                assert.match(answer.body.detail, /'orders' answered HTTP 500 \(after 2 attempts\)/);
            });

            it("answers a request outside the route with 404 and a wrong method with 405, calling no backend", async () => {
                const call = await runtime.start(failing());
                assert.equal((await call("GET", "/nope")).status, 404);
                const wrongMethod = await call("POST", "/aggregate/1");
                assert.equal(wrongMethod.status, 405);
                assert.equal(wrongMethod.header("allow"), "GET");
                assert.equal(backends.calls.length, 0);
            });
        });
    }
});
