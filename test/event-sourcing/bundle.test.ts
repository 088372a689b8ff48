/**
 * The command function as Lambda runs it: the real bundle the component deploys (esbuild output
 * of bundleFunction, the user's decider module included), loaded from a package folder with its
 * CLOUD_PATTERNS_CONFIG, invoked with API Gateway HTTP API (payload 2.0) events, storing in
 * DynamoDB Local tables declared like the component's.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Cloud } from "../../components/cloud";
import { commandBundle } from "../../components/event-sourcing/functions";
import { bundleFunction } from "../../components/platform/bundle";
import { usePeer } from "../support/peers";
import { createEventTables } from "../fixtures/event-sourcing/dynamodb-tables";
import { apiGatewayEvent } from "../support/api-gateway-event";

const COUNTER_DECIDER = resolve(__dirname, "../fixtures/event-sourcing/counter-decider.ts");

type LambdaHandler = (event: object) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;

describe("Event Sourcing command bundle on Lambda (DynamoDB Local)", function () {
    this.timeout(120_000);
    const peer = usePeer("dynamodb-local");
    let dir: string | undefined;
    let handler: LambdaHandler;
    const saved = { ...process.env };

    before(async () => {
        const tables = await createEventTables(peer.client(), `bundle-${peer.namespace}`);
        dir = mkdtempSync(join(tmpdir(), "event-sourcing-aws-"));
        for (const [file, text] of Object.entries(
            bundleFunction(commandBundle("dynamodb", COUNTER_DECIDER), Cloud.Aws, "es-command").files,
        ))
            writeFileSync(join(dir, file), text);
        Object.assign(process.env, peer.env, {
            CLOUD_PATTERNS_CONFIG: JSON.stringify({ store: { kind: "dynamodb", ...tables }, snapshotEvery: 2 }),
        });
        handler = require(join(dir, "index.js")).handler;
    });
    after(() => {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
        // Unset when the peer could not be had and the suite was skipped before its before() ran.
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("runs the user's decider: appends, refuses with 422, answers 409 and reads the state back", async () => {
        const first = await handler(
            apiGatewayEvent("POST", "/streams/counter-1", { command: { type: "increment", by: 5 } }, { "if-none-match": "*" }),
        );
        assert.equal(first.statusCode, 201, first.body);
        assert.equal(JSON.parse(first.body!).state.count, 5);
        const second = await handler(
            apiGatewayEvent("POST", "/streams/counter-1", { command: { type: "decrement", by: 2 } }, { "if-match": '"1"' }),
        );
        assert.equal(second.statusCode, 201, second.body);
        const refused = await handler(apiGatewayEvent("POST", "/streams/counter-1", { command: { type: "decrement", by: 10 } }));
        assert.equal(refused.statusCode, 422);
        assert.match(refused.body!, /counter-decider-fixture-7f3a: the count cannot go below zero/);
        const stale = await handler(
            apiGatewayEvent("POST", "/streams/counter-1", { command: { type: "increment" } }, { "if-match": '"1"' }),
        );
        assert.equal(stale.statusCode, 409);
        assert.equal(JSON.parse(stale.body!).currentVersion, 2);
        const state = await handler(apiGatewayEvent("GET", "/streams/counter-1"));
        assert.equal(state.statusCode, 200);
        assert.deepEqual(JSON.parse(state.body!), { stream: "counter-1", version: 2, state: { count: 3 } });
        const events = JSON.parse((await handler(apiGatewayEvent("GET", "/streams/counter-1/events"))).body!);
        assert.deepEqual(
            events.events.map((e: { type: string }) => e.type),
            ["Incremented", "Decremented"],
        );
    });
});
