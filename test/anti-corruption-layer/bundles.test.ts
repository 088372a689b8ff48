/**
 * The ACL function as each cloud runs it: the real bundle the component deploys (esbuild output
 * of bundleFunction for function-<cloud>.ts), loaded from a package folder, invoked the way the
 * runtime invokes it, against the stand-in SOAP service on 127.0.0.1.
 * - AWS: payload 2.0 events; the credentials are read at cold start through the bundled
 *   Secrets Manager SDK from a stand-in speaking its JSON protocol (AWS_ENDPOINT_URL_SECRETS_MANAGER).
 * - Azure: the registration captured by a stand-in for `@azure/functions-core`, called with an HttpRequest.
 * - GCP: the exported entry point served by functions-framework's test server, with a translator module.
 * Key Vault and Secret Manager reads are covered in secrets.test.ts (their SDKs need TLS or gRPC here).
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpRequest, InvocationContext } from "@azure/functions";
import * as functionsFramework from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { translatorBundle } from "../../components/anti-corruption-layer/functions";
import { Cloud } from "../../components/cloud";
import { bundleFunction, GCP_ENTRY_POINT } from "../../components/platform/bundle";
import { installAzureCoreStandIn } from "../../plan/dev/azure-core-stand-in";
import { TRANSLATOR_MODULE } from "./component-fixture";
import { fixture, LegacyService } from "./legacy-service";
import { settingsDocument } from "./settings-fixture";

const folders: string[] = [];

function deploy(cloud: Cloud, settings: object, translatorModule?: string): { exports: Record<string, unknown>; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), `acl-${cloud}-`));
    folders.push(dir);
    const bundle = bundleFunction(translatorBundle(cloud, translatorModule), cloud, "anti-corruption-layer");
    for (const [file, text] of Object.entries(bundle.files)) writeFileSync(join(dir, file), text);
    if (cloud === Cloud.Azure) installAzureCoreStandIn(dir);
    process.env.CLOUD_PATTERNS_CONFIG = JSON.stringify(settings);
    return { exports: require(join(dir, "index.js")), dir };
}

const ORDER = { id: "000123", customerId: "C-77", total: "19.99", status: "ACTIVE", createdAt: "2024-01-31" };

describe("anti-corruption layer bundles on each runtime (stand-in SOAP service)", () => {
    let legacy: LegacyService;
    const touched = [
        "CLOUD_PATTERNS_CONFIG",
        "AWS_ENDPOINT_URL_SECRETS_MANAGER",
        "AWS_REGION",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    ];
    const saved = Object.fromEntries(touched.map((k) => [k, process.env[k]]));

    before(async () => {
        legacy = await LegacyService.start();
    });
    after(async () => {
        await legacy.stop();
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
        for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    });

    it("AWS: reads the credentials from Secrets Manager at cold start, once, and answers the API Gateway event", async () => {
        const secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-acl-legacy-credentials-AbCdEf";
        const secretReads: string[] = [];
        const secretsManager: Server = createServer((req, res) => {
            let body = "";
            req.on("data", (c) => (body += c));
            req.on("end", () => {
                secretReads.push(`${req.headers["x-amz-target"]} ${body}`);
                res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(
                    JSON.stringify({ ARN: secretArn, SecretString: JSON.stringify({ username: "acl-svc", password: "p@ss" }) }),
                );
            });
        });
        await new Promise<void>((r) => secretsManager.listen(0, "127.0.0.1", r));
        Object.assign(process.env, {
            AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "example",
        });
        try {
            const handler = deploy(Cloud.Aws, settingsDocument(legacy.url, {}, { credentials: { provider: "aws", secretId: secretArn } }))
                .exports.handler as (e: object) => Promise<{ statusCode: number; body: string }>;
            const event = (rawPath: string) => ({
                version: "2.0",
                routeKey: "$default",
                rawPath,
                rawQueryString: "",
                headers: { host: "abc123.execute-api.us-east-1.amazonaws.com" },
                isBase64Encoded: false,
                requestContext: {
                    domainName: "abc123.execute-api.us-east-1.amazonaws.com",
                    requestId: "r-1",
                    http: { method: "GET", path: rawPath },
                },
            });
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            for (let i = 0; i < 2; i++) {
                const result = await handler(event("/orders/000123"));
                assert.equal(result.statusCode, 200, result.body);
                assert.deepEqual(JSON.parse(result.body), ORDER);
            }
            assert.deepEqual(secretReads, [`secretsmanager.GetSecretValue {"SecretId":"${secretArn}"}`], "read once per cold start");
            assert.equal(legacy.received[0].headers.authorization, `Basic ${Buffer.from("acl-svc:p@ss").toString("base64")}`);

            legacy.serve({ status: 500, body: fixture("fault-not-found.soap11.xml") });
            const missing = await handler(event("/orders/404404"));
            assert.equal(missing.statusCode, 404);
            assert.equal(JSON.parse(missing.body).detail, "GetOrder: Order 404404 not found");
        } finally {
            secretsManager.close();
        }
    });

    it("Azure: the registered app.http function translates a SOAP 1.2 answer", async () => {
        const { dir } = deploy(Cloud.Azure, settingsDocument(legacy.url, { soapVersion: "1.2" }));
        const registrations =
            (globalThis as { __azureCoreRegistrations?: { metadata: { name: string }; callback: unknown }[] }).__azureCoreRegistrations ??
            [];
        const registration = registrations.filter((r) => r.metadata.name === "anti-corruption-layer").pop();
        assert.ok(registration, `the bundle in ${dir} registers its function`);
        const handler = registration.callback as (
            request: HttpRequest,
            context: InvocationContext,
        ) => Promise<{ status: number; body?: unknown; jsonBody?: unknown }>;
        legacy.serve({ contentType: "application/soap+xml", body: fixture("get-order.soap12.xml") });
        const result = await handler(
            new HttpRequest({ method: "GET", url: "https://orders-acl.azurewebsites.net/orders/000456" }),
            new InvocationContext({ invocationId: "i-1", functionName: "anti-corruption-layer" }),
        );
        assert.equal(result.status, 200);
        const body = JSON.parse(Buffer.from(result.body as Uint8Array).toString());
        assert.equal(body.total, "100000000000000000.01");
        assert.equal(body.status, "UNKNOWN");
    });

    it("GCP: the exported entry point runs the user's translator module, both ways", async () => {
        const handler = deploy(Cloud.Gcp, settingsDocument(legacy.url, {}, { mapping: undefined }), TRANSLATOR_MODULE).exports[
            GCP_ENTRY_POINT
        ];
        functionsFramework.http("acl-test", handler as functionsFramework.HttpFunction);
        const server = getTestServer("acl-test");
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        try {
            const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            legacy.serve({ body: fixture("get-order.soap11.xml") });
            const got = await fetch(`${base}/orders/000123`);
            assert.equal(got.status, 200);
            assert.deepEqual(await got.json(), { orderNumber: "123", total: { currency: "EUR", cents: "1999" }, status: "OPEN" });

            legacy.serve({ body: fixture("create-order.soap11.xml") });
            const created = await fetch(`${base}/orders`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ orderNumber: "789" }),
            });
            assert.equal(created.status, 201);
            assert.match(legacy.received[0].body, /<CreateOrder xmlns="urn:legacy-orders"><ORD_NUM>000789<\/ORD_NUM><\/CreateOrder>/);
        } finally {
            server.close();
        }
    });
});
