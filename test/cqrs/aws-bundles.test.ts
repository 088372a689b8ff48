/**
 * End to end through the built AWS bundles, each in its own Node process as Lambda runs it
 * (`require(index.js).handler(event)`, settings in CLOUD_PATTERNS_CONFIG, the SDK's own endpoint
 * and credential variables): the command bundle writes to DynamoDB Local, the table's stream
 * drives the projector bundle (read as the event source mapping reads it), and the query bundle
 * answers from the OpenSearch stand-in served on loopback (plan/dev/stand-ins/opensearch.ts: no OpenSearch
 * server here; it answers with the documented response shapes). With `source`, the projector
 * bundle built for the SQS queue is fed recorded EventBridge events (test/fixtures/cqrs/eventbridge-events.json:
 * what the EventSourcing's publisher puts on its bus, the event table's stream record as `detail`, with
 * `NewImage` marshalled: handlers/event-sourcing/stream-publisher.ts).
 */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { cqrsBundle, functions } from "../../components/cqrs/functions";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { bundleFunction } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import type { BundleSpec } from "../../components/platform/types";
import type { CommandSettingsDocument, ProjectorSettingsDocument, QuerySettingsDocument } from "../../handlers/cqrs/settings-document";
import { apiGatewayEvent } from "../support/api-gateway-event";
import { usePeer } from "../support/peers";
import { listenLocally } from "../runtimes/support";
import { CATALOG } from "./component-fixture";
import { createWriteTable, runMapping, streamRecords, streamsClient, type StreamHandler } from "./dynamodb-stream";
import { openSearchStandIn, type OpenSearchStandIn } from "../../plan/dev/stand-ins/opensearch";

const EVENTBRIDGE_EVENTS = path.join(__dirname, "../fixtures/cqrs/eventbridge-events.json");

/** What the Lambda Node runtime does with a package: loads index.js once, then calls `handler` per event. */
const RUNTIME = `
const { handler } = require(process.env.BUNDLE_INDEX);
process.on("message", async ({ id, event }) => {
    try { process.send({ id, result: await handler(event, {}) }); }
    catch (err) { process.send({ id, error: String((err && err.stack) || err) }); }
});
process.send({ ready: true });
`;

interface LambdaProcess {
    invoke<T>(event: unknown): Promise<T>;
    stop(): void;
}

async function startLambda(spec: BundleSpec, name: string, dir: string, env: Record<string, string>): Promise<LambdaProcess> {
    const bundleDir = path.join(dir, name);
    writeBundle(bundleFunction(spec, Cloud.Aws, name), bundleDir);
    const child: ChildProcess = spawn(process.execPath, ["-e", RUNTIME], {
        env: { PATH: process.env.PATH, BUNDLE_INDEX: path.join(bundleDir, "index.js"), ...env },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let next = 0;
    await new Promise<void>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
        child.on("message", (m: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
            if (m.ready) return resolve();
            const call = pending.get(m.id!)!;
            pending.delete(m.id!);
            if (m.error === undefined) call.resolve(m.result);
            else call.reject(new Error(`${name}: ${m.error}`));
        });
    });
    return {
        invoke: <T>(event: unknown) =>
            new Promise<T>((resolve, reject) => {
                const id = next++;
                pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
                child.send({ id, event });
            }),
        stop: () => void child.kill(),
    };
}

/** An HTTP API (payload 2.0) event for a path with its query. */
function apiEvent(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}) {
    const [rawPath, rawQueryString = ""] = pathAndQuery.split("?");
    return apiGatewayEvent(method, rawPath, body, headers, rawQueryString);
}

interface ApiResult {
    statusCode: number;
    headers?: Record<string, string>;
    body?: string;
}

/** The stand-in behind a loopback HTTP server, so the bundles reach it as they would reach OpenSearch. */
async function serve(search: OpenSearchStandIn): Promise<{ url: string; close: () => void }> {
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        req.on("end", async () => {
            const answer = await search.fetch(`http://${req.headers.host}${req.url}`, {
                method: req.method!,
                headers: {},
                body: body === "" ? undefined : body,
            });
            res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
        });
    });
    return { url: await listenLocally(server), close: () => server.close() };
}

const { readModel } = resolveCqrsArgs("cat", Cloud.Aws, CATALOG);
const AWS_ENV = { AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };

describe("CQRS end to end through the AWS bundles (DynamoDB Local, stream, projector, OpenSearch stand-in, query)", function () {
    this.timeout(300_000);
    const peer = usePeer("dynamodb-local");
    let tmp: string;
    let streamArn: string;
    let stand: { url: string; close: () => void };
    const search = openSearchStandIn("products");
    const lambdas: LambdaProcess[] = [];
    let command: LambdaProcess;
    let projector: LambdaProcess;
    let query: LambdaProcess;
    const call = async (fn: LambdaProcess, method: string, p: string, body?: unknown, headers?: Record<string, string>) => {
        const result = await fn.invoke<ApiResult>(apiEvent(method, p, body, headers));
        return { status: result.statusCode, headers: result.headers ?? {}, json: result.body ? JSON.parse(result.body) : undefined };
    };

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cqrs-bundles-"));
        const table = `cqrs-bundles-${peer.namespace}`;
        streamArn = await createWriteTable(peer, table);
        stand = await serve(search);
        const readStore = { kind: "opensearch", endpoint: stand.url, service: "es", region: "us-east-1", index: "products" } as const;
        const config = (settings: object) => ({ ...AWS_ENV, CLOUD_PATTERNS_CONFIG: JSON.stringify(settings) });
        const commandSpec = functions["cqrs-command"] as Record<Cloud, BundleSpec>;
        const projectorSpec = functions["cqrs-projector"] as Record<Cloud, BundleSpec>;
        const querySpec = functions["cqrs-query"] as Record<Cloud, BundleSpec>;
        [command, projector, query] = await Promise.all([
            startLambda(commandSpec.aws, "cqrs-command", tmp, {
                ...config({ entity: "products", key: "id", writeStore: { kind: "dynamodb", table } } satisfies CommandSettingsDocument),
                // The SDK's service endpoint variable: the bundle's client reaches DynamoDB Local unchanged.
                AWS_ENDPOINT_URL_DYNAMODB: peer.endpoint,
            }),
            startLambda(
                projectorSpec.aws,
                "cqrs-projector",
                tmp,
                config({ readModel, readStore, source: "dynamodb-stream" } satisfies ProjectorSettingsDocument),
            ),
            startLambda(querySpec.aws, "cqrs-query", tmp, config({ readModel, readStore } satisfies QuerySettingsDocument)),
        ]);
        lambdas.push(command, projector, query);
    });
    after(() => {
        lambdas.forEach((l) => l.stop());
        stand?.close();
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("a command through the command bundle is projected by the projector bundle and read through the query bundle", async () => {
        const created = await call(command, "PUT", "/products/lamp", {
            name: "Desk lamp",
            category: "lighting",
            price: 25,
            tags: ["desk"],
        });
        assert.deepEqual([created.status, created.headers.etag], [201, '"1"']);
        const patched = await call(command, "PATCH", "/products/lamp", { price: 22 }, { "if-match": '"1"' });
        assert.deepEqual([patched.status, patched.headers.etag], [200, '"2"']);
        assert.equal((await call(command, "PUT", "/products/mug", { name: "Coffee mug", category: "kitchen", price: 8 })).status, 201);
        const early = await call(query, "GET", "/products/lamp?minVersion=2");
        assert.deepEqual([early.status, early.headers["retry-after"]], [503, "1"]);

        const run = await runMapping(
            await streamRecords(streamsClient(peer), streamArn),
            (event) => projector.invoke(event) as ReturnType<StreamHandler>,
            {
                batchSize: 100,
                maxRetries: 2,
            },
        );
        assert.deepEqual([run.deliveries, run.deadLettered], [3, []]);

        const read = await call(query, "GET", "/products/lamp?minVersion=2");
        assert.deepEqual([read.status, read.headers.etag], [200, '"2"']);
        assert.deepEqual(read.json, {
            id: "lamp",
            version: 2,
            document: { id: "lamp", name: "Desk lamp", category: "lighting", price: 22, tags: ["desk"] },
        });
        const page = await call(query, "GET", "/products?filter=price%3E%3D5&sort=-price&limit=1");
        assert.deepEqual(
            page.json.items.map((i: { id: string }) => i.id),
            ["lamp"],
        );
        const rest = await call(query, "GET", `/products?filter=price%3E%3D5&sort=-price&limit=1&cursor=${page.json.next}`);
        assert.deepEqual(
            rest.json.items.map((i: { id: string }) => i.id),
            ["mug"],
        );
        const refused = await call(query, "GET", "/products?filter=name:lamp");
        assert.deepEqual([refused.status, refused.json.allowed], [400, ["category", "price", "tags"]]);
    });

    it("with source: the projector bundle built for the event queue turns recorded EventBridge events into the read document", async () => {
        const readStore = { kind: "opensearch", endpoint: stand.url, service: "es", region: "us-east-1", index: "products" } as const;
        const fromEvents = await startLambda(cqrsBundle(Cloud.Aws, "projector", { kind: "sqs" }), "cqrs-events-projector", tmp, {
            ...AWS_ENV,
            CLOUD_PATTERNS_CONFIG: JSON.stringify({ readModel, readStore, source: "event-sourcing" } satisfies ProjectorSettingsDocument),
        });
        lambdas.push(fromEvents);
        const events = JSON.parse(fs.readFileSync(EVENTBRIDGE_EVENTS, "utf8")) as {
            id: string;
            detail: { dynamodb: { NewImage: unknown } };
        }[];
        // The rule's SQS target delivers each event as the message body.
        const sqsEvent = {
            Records: events.map((e, i) => ({
                messageId: `m-${i}`,
                receiptHandle: `rh-${i}`,
                body: JSON.stringify(e),
                attributes: {
                    ApproximateReceiveCount: "1",
                    SentTimestamp: "1764583201000",
                    SenderId: "AIDAEVENTS",
                    ApproximateFirstReceiveTimestamp: "1764583201050",
                },
                messageAttributes: {},
                md5OfBody: "",
                eventSource: "aws:sqs",
                eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:cat-events",
                awsRegion: "us-east-1",
            })),
        };
        assert.deepEqual(await fromEvents.invoke(sqsEvent), { batchItemFailures: [] });
        const read = await call(query, "GET", "/products/lamp?minVersion=2");
        // ProductAdded then PriceChanged, merged by the default projection into the read model's fields.
        assert.deepEqual(read.json, {
            id: "lamp",
            version: 2,
            document: { id: "lamp", name: "Desk lamp", category: "lighting", price: 22, tags: ["desk"] },
        });

        // A redelivered older event is skipped; an event that is not one fails alone and is reported for SQS to redeliver.
        const [older] = sqsEvent.Records;
        const broken = { ...older, messageId: "m-broken", body: JSON.stringify({ ...events[0], detail: {} }) };
        assert.deepEqual(await fromEvents.invoke({ Records: [older, broken] }), { batchItemFailures: [{ itemIdentifier: "m-broken" }] });
        assert.equal(search.documents.get("lamp")!.cqrsVersion, 2);
    });
});
