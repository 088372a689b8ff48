/**
 * Every AWS function package of the repository (components/<pattern>/functions.ts, built by the
 * project's bundler as `npm run bundle` builds it) run the way Lambda runs it: a separate Node
 * process under the real AWS Lambda Runtime Interface Client (npm `aws-lambda-ric`, the native
 * client Lambda's own Node images use), talking to a Lambda Runtime API that this test serves on
 * 127.0.0.1 (the documented /2018-06-01/runtime/invocation/next, /{id}/response, /{id}/error and
 * /init/error routes).
 *
 * Proves: the RIC finds `index.handler` in the package, it initialises without settings (a bad
 * document fails the call, not the init), and the answer it posts is what Lambda would return: a
 * problem document for HTTP functions with the invocation's request id, a batch failure naming
 * every record for queue and stream functions. Cannot prove: the Lambda sandbox itself (IAM,
 * networking, the real event sources), which needs AWS.
 */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createServer, IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { bundleFunction, PatternFunctions } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import type { BundleSpec } from "../../components/platform/types";
import { findFunctionModules } from "../../scripts/bundle-all";
import { fixture } from "./support";

const RIC = require.resolve("aws-lambda-ric/index.mjs", { paths: [path.resolve(__dirname, "../..")] });
const COMPONENTS = path.resolve(__dirname, "../../components");

/** Every AWS package the repository builds, with its trigger. */
function awsSpecs(): { name: string; spec: BundleSpec }[] {
    return findFunctionModules(COMPONENTS).flatMap(({ file }) =>
        Object.entries((require(file) as { functions: PatternFunctions }).functions).flatMap(([name, entry]) => {
            const spec = "entry" in entry ? entry : entry[Cloud.Aws];
            return spec && ["http", "sqs", "dynamodb-stream"].includes(spec.trigger.kind) ? [{ name, spec }] : [];
        }),
    );
}

/** What the RIC posted back for one invocation. */
interface Posted {
    readonly route: "response" | "error" | "init-error";
    readonly body: string;
}

/** A one-invocation Lambda Runtime API: hands out `event` once, then holds `next` open. */
async function runtimeApi(requestId: string, event: unknown): Promise<{ server: Server; address: string; posted: Promise<Posted> }> {
    let handedOut = false;
    let resolvePosted!: (p: Posted) => void;
    const posted = new Promise<Posted>((resolve) => (resolvePosted = resolve));
    const read = async (req: IncomingMessage) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString("utf8");
    };
    const server = createServer((req, res) => {
        const url = req.url ?? "";
        if (req.method === "GET" && url === "/2018-06-01/runtime/invocation/next") {
            if (handedOut) return undefined; // the next invocation never comes: the test ends the process
            handedOut = true;
            res.writeHead(200, {
                "content-type": "application/json",
                "lambda-runtime-aws-request-id": requestId,
                "lambda-runtime-deadline-ms": String(Date.now() + 60_000),
                "lambda-runtime-invoked-function-arn": "arn:aws:lambda:eu-west-1:123456789012:function:under-test",
                "lambda-runtime-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            });
            res.end(JSON.stringify(event));
            return undefined;
        }
        const route = url.endsWith(`/invocation/${requestId}/response`)
            ? "response"
            : url.endsWith(`/invocation/${requestId}/error`)
              ? "error"
              : url.endsWith("/init/error")
                ? "init-error"
                : undefined;
        void read(req).then((body) => {
            res.writeHead(route ? 202 : 404).end();
            if (route) resolvePosted({ route, body });
        });
        return undefined;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}`, posted };
}

function startRic(taskRoot: string, address: string): ChildProcess {
    const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        AWS_LAMBDA_RUNTIME_API: address,
        LAMBDA_TASK_ROOT: taskRoot,
        _HANDLER: "index.handler",
        AWS_REGION: "eu-west-1",
        AWS_LAMBDA_FUNCTION_NAME: "under-test",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/under-test",
        AWS_LAMBDA_LOG_STREAM_NAME: "2026/12/01/[$LATEST]0123456789abcdef",
        // No credentials anywhere: the packages must not reach AWS to start or to fail a call.
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "none",
    };
    return spawn(process.execPath, [RIC], { cwd: taskRoot, env, stdio: ["ignore", "pipe", "pipe"] });
}

describe("runtimes/lambda-ric: every AWS package under the real Lambda Runtime Interface Client", function () {
    this.timeout(120_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-ric-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("finds AWS packages to run (the list below is not empty)", () => {
        assert.ok(awsSpecs().length >= 4, `AWS packages: ${awsSpecs().map((s) => s.name)}`);
    });

    for (const { name, spec } of awsSpecs()) {
        it(`${name} (${spec.trigger.kind}): loads without settings and posts the answer Lambda returns`, async () => {
            const dir = path.join(tmp, name);
            writeBundle(bundleFunction(spec, Cloud.Aws, name), dir);
            const requestId = `ric-${name}`;
            const event =
                spec.trigger.kind === "http"
                    ? fixture("apigw-v2-post.json")
                    : fixture(spec.trigger.kind === "sqs" ? "sqs-batch.json" : "dynamodb-stream-batch.json");
            const api = await runtimeApi(requestId, event);
            const child = startRic(dir, api.address);
            let output = "";
            child.stdout!.on("data", (d) => (output += d));
            child.stderr!.on("data", (d) => (output += d));
            const exited = new Promise<string>((resolve) =>
                child.once("exit", (code) => resolve(`the RIC exited with ${code}: ${output}`)),
            );
            try {
                const posted = await Promise.race([api.posted, exited.then((why) => assert.fail(why))]);
                assert.equal(posted.route, "response", `${posted.route}: ${posted.body}\n${output}`);
                const answer = JSON.parse(posted.body);
                if (spec.trigger.kind === "http") {
                    const problem = JSON.parse(answer.body);
                    assert.equal(answer.statusCode, 500);
                    assert.equal(answer.headers["content-type"], "application/problem+json");
                    assert.equal(problem.status, 500);
                    assert.equal(typeof problem.instance, "string");
                    assert.equal(problem.requestId, (event as { requestContext: { requestId: string } }).requestContext.requestId);
                } else {
                    const records = (event as { Records: unknown[] }).Records;
                    assert.equal(answer.batchItemFailures.length, records.length, "every record fails without settings");
                }
                assert.match(output, /CLOUD_PATTERNS_CONFIG/, "the call's log names the missing settings");
            } finally {
                child.kill();
                await new Promise<void>((resolve) => api.server.close(() => resolve()));
            }
        });
    }
});
