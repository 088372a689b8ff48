/**
 * The cold-start rule (handlers/cold-start.ts) on the real packages of one pattern, Retry's enqueue
 * function, built for each cloud: the settings are read when the runtime loads the bundle, a bad
 * document does not fail that load, and every call on every cloud fails with the same error naming
 * the field, in the call's log.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HttpRequest, InvocationContext } from "@azure/functions";
import * as functionsFramework from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { Cloud } from "../../components/cloud";
import { bundleFunction, GCP_ENTRY_POINT } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import { enqueueBundle } from "../../components/retry/functions";
import { installAzureCoreStandIn } from "../../plan/dev/azure-core-stand-in";
import { fixture, listenLocally, quietConsoleError } from "./support";

const FUNCTION_NAME = "cold-start-enqueue";
const BAD_SETTINGS = { maxBodyBytes: 0, queue: { kind: "sqs", queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/work" } };
const NAMED_ERROR = "CLOUD_PATTERNS_CONFIG: 'maxBodyBytes' must be a number from 1 to 1048576, got 0";

type Call = () => Promise<number>;

describe("runtimes/cold start: a bad settings document on every cloud's entry of one pattern", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    /** Loads the cloud's package with the bad settings, then removes them: what a call sees was read at load. */
    function load(cloud: Cloud): Record<string, unknown> {
        const dir = mkdtempSync(join(tmpdir(), `cold-start-${cloud}-`));
        dirs.push(dir);
        writeBundle(bundleFunction(enqueueBundle(cloud), cloud, FUNCTION_NAME), dir);
        if (cloud === Cloud.Azure) installAzureCoreStandIn(dir);
        const saved = process.env.CLOUD_PATTERNS_CONFIG;
        process.env.CLOUD_PATTERNS_CONFIG = JSON.stringify(BAD_SETTINGS);
        try {
            return require(join(dir, "index.js"));
        } finally {
            if (saved === undefined) delete process.env.CLOUD_PATTERNS_CONFIG;
            else process.env.CLOUD_PATTERNS_CONFIG = saved;
        }
    }

    const callers: Record<Cloud, () => Promise<{ call: Call; close(): void }>> = {
        [Cloud.Aws]: async () => {
            const handler = load(Cloud.Aws).handler as (event: object) => Promise<{ statusCode: number }>;
            return { call: async () => (await handler(fixture("apigw-v2-post.json"))).statusCode, close: () => {} };
        },
        [Cloud.Azure]: async () => {
            load(Cloud.Azure);
            const registrations =
                (globalThis as { __azureCoreRegistrations?: { metadata: { name: string }; callback: unknown }[] })
                    .__azureCoreRegistrations ?? [];
            const registration = registrations.filter((r) => r.metadata.name === FUNCTION_NAME).pop();
            assert.ok(registration, "the Azure package registers its function despite the bad settings");
            const handler = registration.callback as (request: HttpRequest, context: InvocationContext) => Promise<{ status: number }>;
            const call = async () =>
                (
                    await handler(
                        new HttpRequest({ method: "POST", url: "https://orders.azurewebsites.net/", body: { string: "{}" } }),
                        new InvocationContext({ invocationId: "i-1", functionName: FUNCTION_NAME }),
                    )
                ).status;
            return { call, close: () => {} };
        },
        [Cloud.Gcp]: async () => {
            functionsFramework.http(FUNCTION_NAME, load(Cloud.Gcp)[GCP_ENTRY_POINT] as functionsFramework.HttpFunction);
            const server = getTestServer(FUNCTION_NAME);
            const base = await listenLocally(server);
            const call = async () =>
                (await fetch(base, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status;
            return { call, close: () => server.close() };
        },
    };

    for (const cloud of Object.values(Cloud)) {
        it(`${cloud}: the package loads, and each call answers 500 with the error naming the field in its log`, async () => {
            const { call, close } = await callers[cloud]();
            try {
                const { value: statuses, logged } = await quietConsoleError(async () => [await call(), await call()]);
                assert.deepEqual(statuses, [500, 500]);
                assert.equal(logged.split(NAMED_ERROR).length - 1, 2, `one log line per call naming the field; logged:\n${logged}`);
            } finally {
                close();
            }
        });
    }
});
