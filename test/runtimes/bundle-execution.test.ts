/**
 * Built bundles, executed: each is written to a temp folder and loaded the way its runtime loads it,
 * then invoked with recorded events (no Lambda, Functions host or Cloud Functions here).
 * - AWS: `require(index.js).handler(event)`, as the Lambda Node runtime calls it.
 * - GCP: the package folder is loaded by the real functions-framework's own loader (package.json
 *   main, export named by `--target`, signature from FUNCTION_SIGNATURE_TYPE) and served on 127.0.0.1.
 * - Azure: `@azure/functions-core` is provided by the Functions worker, never by the package, so
 *   the test puts a recording stand-in for it beside the bundle; it captures what the bundled
 *   `@azure/functions` registers (name, bindings, retry) and the handler, which the test invokes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { Server } from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { HttpRequest, InvocationContext } from "@azure/functions";
import * as functions from "@google-cloud/functions-framework";
import { Cloud } from "../../components/cloud";
import { bundleFunction, GCP_ENTRY_POINT, GCP_SIGNATURE_TYPE_ENV, gcpSignatureType } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import { BundleSpec, Trigger } from "../../components/platform/types";
import { Message } from "../../handlers/contracts";
import { ApiGatewayV2Event, SqsEvent } from "../../handlers/runtimes/aws";
import {
    assertProblem,
    FIXTURES,
    fixture,
    httpCall,
    installAzureCoreStandIn,
    listenLocally,
    nodeAnswer,
    quietConsoleError,
} from "./support";

const ENTRY = path.join(FIXTURES, "bundled-handlers.ts");
const USER_MODULES = { "cloud-patterns:greeting": path.join(FIXTURES, "user-greeting.ts") };
const spec = (exportName: string, trigger: Trigger): BundleSpec => ({ entry: ENTRY, exportName, trigger, userModules: USER_MODULES });

/**
 * functions-framework's start-up pieces. The package exports only its public API, so they are
 * required by file; their shapes are declared here as far as the test uses them.
 */
const FRAMEWORK_BUILD = path.dirname(require.resolve("@google-cloud/functions-framework"));
interface FrameworkOptions {
    sourceLocation: string;
    target: string;
    signatureType: string;
}
const frameworkInternals = {
    options: require(path.join(FRAMEWORK_BUILD, "options.js")) as {
        parseOptions(argv: string[], env: NodeJS.ProcessEnv): FrameworkOptions;
    },
    loader: require(path.join(FRAMEWORK_BUILD, "loader.js")) as {
        getUserFunction(
            source: string,
            target: string,
            signatureType: string,
        ): Promise<{ userFunction: unknown; signatureType: string } | null>;
    },
    server: require(path.join(FRAMEWORK_BUILD, "server.js")) as { getServer(fn: unknown, options: FrameworkOptions): Server },
};

const delivered = () => ((globalThis as Record<string, unknown>).__bundledMessages ??= []) as Message[];

interface CoreRegistration {
    metadata: { name: string; bindings: Record<string, Record<string, unknown>>; retryOptions?: Record<string, unknown> };
    callback: (...args: unknown[]) => Promise<unknown>;
}

describe("runtimes/bundle execution of built packages", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-run-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    /** Writes the bundle and returns its folder; optionally with the Azure worker's stand-in beside it. */
    const install = (cloud: Cloud, name: string, bundleSpec: BundleSpec): string => {
        const dir = path.join(tmp, cloud, name);
        writeBundle(bundleFunction(bundleSpec, cloud, name), dir);
        if (cloud === Cloud.Azure) installAzureCoreStandIn(dir);
        return dir;
    };
    const load = (dir: string) => require(path.join(dir, JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).main));

    describe("AWS (required as Lambda's Node runtime does)", () => {
        it("answers a recorded API Gateway event through the bundled adapter, user module included", async () => {
            const { handler } = require(path.join(install(Cloud.Aws, "greet", spec("greet", { kind: "http" })), "index.js"));
            const event = {
                ...fixture<ApiGatewayV2Event>("apigw-v2-post.json"),
                rawQueryString: "name=ada",
                body: undefined,
                requestContext: { ...fixture<ApiGatewayV2Event>("apigw-v2-post.json").requestContext, http: { method: "GET" } },
            };
            const result = await handler(event);
            assert.equal(result.statusCode, 200);
            assert.equal(result.body, "hello, ada");
            assert.equal(result.isBase64Encoded, false);
        });

        it("keeps both Set-Cookie and the base64 request body in a bundled HTTP function", async () => {
            const { handler } = require(path.join(install(Cloud.Aws, "inspect", spec("inspect", { kind: "http" })), "index.js"));
            const result = await handler(fixture<ApiGatewayV2Event>("apigw-v2-post.json"));
            assert.equal(result.cookies.length, 2);
            assert.equal(JSON.parse(result.body).bodyBase64, "AAECA/7/gIE=");
        });

        it("gives a bundled ES module the bundle's own import.meta.url (CommonJS output has no import.meta)", async () => {
            const pkg = path.join(tmp, "esm-src", "node_modules", "where-am-i");
            fs.mkdirSync(pkg, { recursive: true });
            fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "where-am-i", type: "module", exports: "./index.js" }));
            fs.writeFileSync(
                path.join(pkg, "index.js"),
                "import { createRequire } from 'node:module';\nexport const where = () => createRequire(import.meta.url).resolve('./index.js');\n",
            );
            const entry = path.join(tmp, "esm-src", "handler.ts");
            fs.writeFileSync(
                entry,
                `import { where } from "where-am-i";\nexport async function h(): Promise<Response> { return new Response(where()); }\n`,
            );
            const dir = install(Cloud.Aws, "where", { entry, exportName: "h", trigger: { kind: "http" } });
            const { handler } = require(path.join(dir, "index.js"));
            const result = await handler(fixture<ApiGatewayV2Event>("apigw-v2-post.json"));
            assert.equal(result.statusCode, 200);
            assert.equal(result.body, path.join(dir, "index.js"));
        });

        it("reports a failed SQS record as a batchItemFailure", async () => {
            const { handler } = require(path.join(install(Cloud.Aws, "record-sqs", spec("recordBatch", { kind: "sqs" })), "index.js"));
            const event = fixture<SqsEvent>("sqs-batch.json");
            const records = [event.Records[0], { ...event.Records[1], body: '{"fail":true}' }];
            delivered().length = 0;
            assert.deepEqual(await handler({ Records: records }), { batchItemFailures: [{ itemIdentifier: records[1].messageId }] });
            assert.deepEqual(
                delivered().map((m) => m.attempt),
                [1, 3],
            );
        });
    });

    describe("GCP (the package folder loaded and served as functions-framework's main does, on 127.0.0.1)", () => {
        const servers: Server[] = [];
        after(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

        /**
         * functions-framework's own start-up (build/src/main.js): parse --target/--source and
         * FUNCTION_SIGNATURE_TYPE, load the function from the folder's package.json main, build the
         * server. Only the listen differs: 127.0.0.1 instead of every interface.
         */
        const serveLikeTheFramework = async (name: string, bundleSpec: BundleSpec): Promise<string> => {
            const dir = install(Cloud.Gcp, name, bundleSpec);
            const env = { [GCP_SIGNATURE_TYPE_ENV]: gcpSignatureType(bundleSpec.trigger) };
            const options = frameworkInternals.options.parseOptions([`--target=${GCP_ENTRY_POINT}`, `--source=${dir}`], env);
            const loaded = await frameworkInternals.loader.getUserFunction(options.sourceLocation, options.target, options.signatureType);
            assert.ok(loaded, `functions-framework found no '${GCP_ENTRY_POINT}' in ${dir}`);
            const server = frameworkInternals.server.getServer(loaded.userFunction, { ...options, signatureType: loaded.signatureType });
            servers.push(server);
            return listenLocally(server);
        };

        it("serves the bundled HTTP function with the user module", async () => {
            const res = await httpCall(`${await serveLikeTheFramework("greet", spec("greet", { kind: "http" }))}/hello?name=grace`);
            assert.equal(res.status, 200);
            assert.equal(res.body.toString(), "hello, grace");
        });

        it("keeps repeated Set-Cookie headers through the bundle", async () => {
            const url = await serveLikeTheFramework("inspect", spec("inspect", { kind: "http" }));
            const res = await httpCall(`${url}/orders`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x" });
            assert.equal(res.status, 201);
            assert.equal(res.headers["set-cookie"]?.length, 2);
        });

        it("answers malformed JSON, which the framework's parser refuses before the function runs, as a problem document", async () => {
            const url = await serveLikeTheFramework("inspect-json", spec("inspect", { kind: "http" }));
            const res = await httpCall(`${url}/orders`, {
                method: "POST",
                headers: { "content-type": "application/json", "x-request-id": "r-bad-json" },
                body: '{"amount": 5,',
            });
            assertProblem(nodeAnswer(res), {
                status: 400,
                title: "Bad Request",
                detail: /^the request cannot be read: .*JSON/,
                instance: "/orders",
                requestId: "r-bad-json",
            });
        });

        it("takes a Pub/Sub push as a CloudEvent (signature from FUNCTION_SIGNATURE_TYPE); a failed message is a non-2xx", async () => {
            const url = await serveLikeTheFramework("record-pubsub", spec("recordBatch", { kind: "pubsub" }));
            const event = fixture<functions.CloudEvent<{ message: { data: string } }>>("pubsub-cloudevent.json");
            const push = (data: unknown) =>
                httpCall(url, {
                    method: "POST",
                    headers: {
                        "content-type": "application/json",
                        "ce-specversion": "1.0",
                        "ce-id": event.id,
                        "ce-source": event.source,
                        "ce-type": event.type,
                    },
                    body: JSON.stringify(data),
                });
            delivered().length = 0;
            assert.equal((await push(event.data)).status, 204);
            assert.equal(delivered()[0].body, '{"orderId":"o9","amount":5}');
            const failing = { ...event.data!, message: { ...event.data!.message, data: Buffer.from("fail").toString("base64") } };
            const { value } = await quietConsoleError(() => push(failing));
            assert.equal(value.status, 500);
        });

        it("takes a Cloud Tasks request and answers 500 for a failed task", async () => {
            const url = await serveLikeTheFramework("record-tasks", spec("recordBatch", { kind: "cloud-tasks" }));
            const { headers } = fixture<{ headers: Record<string, string> }>("cloud-tasks-request.json");
            assert.equal((await httpCall(url, { method: "POST", headers, body: '{"ok":true}' })).status, 204);
            assert.equal((await httpCall(url, { method: "POST", headers, body: '{"fail":true}' })).status, 500);
        });
    });

    describe("Azure (bundled @azure/functions registering with a recording @azure/functions-core)", () => {
        const registrations = () =>
            ((globalThis as Record<string, unknown>).__azureCoreRegistrations ??= []) as CoreRegistration[] & { programmingModel?: string };
        const registered = (name: string) => {
            const found = registrations().find((r) => r.metadata.name === name);
            assert.ok(
                found,
                `no function '${name}' registered; got ${registrations()
                    .map((r) => r.metadata.name)
                    .join(", ")}`,
            );
            return found;
        };
        const triggerOf = (r: CoreRegistration) => Object.values(r.metadata.bindings).find((b) => b.direction === "in")!;

        it("registers the HTTP function by name: catch-all route, function key, every method", async () => {
            load(install(Cloud.Azure, "greet", spec("greet", { kind: "http" })));
            assert.equal(registrations().programmingModel, "@azure/functions");
            const trigger = triggerOf(registered("greet"));
            assert.equal(trigger.type, "httpTrigger");
            assert.equal(trigger.route, "{*path}");
            assert.equal(trigger.authLevel, "function");
            assert.deepEqual(trigger.methods, ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
        });

        it("invokes the registered HTTP handler with an HttpRequest", async () => {
            const { callback } = registered("greet");
            const init = (await callback(
                new HttpRequest({ method: "GET", url: "https://fn.azurewebsites.net/hello?name=linus" }),
                new InvocationContext({ invocationId: "inv-1" }),
            )) as { status: number; body: Uint8Array };
            assert.equal(init.status, 200);
            assert.equal(Buffer.from(init.body).toString(), "hello, linus");
        });

        it("registers the Service Bus queue trigger with its connection, one message a call, and exponential retry", async () => {
            const trigger: Trigger = {
                kind: "service-bus-queue",
                queueName: "orders",
                connection: "ORDERS_SB",
                retry: { maxRetryCount: 4, minimumInterval: "00:00:05", maximumInterval: "00:02:00" },
            };
            load(install(Cloud.Azure, "orders", spec("recordBatch", trigger)));
            const registration = registered("orders");
            const binding = triggerOf(registration);
            assert.equal(binding.type, "serviceBusTrigger");
            assert.equal(binding.queueName, "orders");
            assert.equal(binding.connection, "ORDERS_SB");
            assert.equal(binding.cardinality, "one");
            assert.deepEqual(
                {
                    strategy: registration.metadata.retryOptions?.retryStrategy,
                    max: registration.metadata.retryOptions?.maxRetryCount,
                    min: registration.metadata.retryOptions?.minimumInterval,
                    maxInterval: registration.metadata.retryOptions?.maximumInterval,
                },
                { strategy: "exponentialBackoff", max: 4, min: { seconds: 5 }, maxInterval: { seconds: 120 } },
            );
            const recorded = fixture<{ message: unknown; triggerMetadata: Record<string, unknown> }>("servicebus-queue-message.json");
            delivered().length = 0;
            await registration.callback(recorded.message, new InvocationContext({ triggerMetadata: recorded.triggerMetadata }));
            assert.equal(delivered()[0].attempt, 2);
            await assert.rejects(
                registration.callback({ fail: true }, new InvocationContext({ triggerMetadata: recorded.triggerMetadata })),
                /will be redelivered/,
            );
        });

        it("registers the Cosmos DB change feed trigger with its lease container and endless retry", async () => {
            const trigger: Trigger = {
                kind: "cosmos-change-feed",
                connection: "EVENTS_COSMOS",
                databaseName: "patterns",
                containerName: "events",
                leaseContainerName: "leases",
            };
            load(install(Cloud.Azure, "projector", spec("recordBatch", trigger)));
            const registration = registered("projector");
            const binding = triggerOf(registration);
            assert.deepEqual(
                [
                    binding.type,
                    binding.connection,
                    binding.databaseName,
                    binding.containerName,
                    binding.leaseContainerName,
                    binding.createLeaseContainerIfNotExists,
                ],
                ["cosmosDBTrigger", "EVENTS_COSMOS", "patterns", "events", "leases", false],
            );
            assert.equal(registration.metadata.retryOptions?.maxRetryCount, -1);
            const { documents } = fixture<{ documents: unknown[] }>("cosmos-change-feed.json");
            delivered().length = 0;
            await registration.callback(documents, new InvocationContext());
            assert.deepEqual(
                delivered().map((m) => m.id),
                ["order-o-1", "order-o-2"],
            );
        });
    });
});
