/**
 * The aggregator's early stop, seen from the backends (handlers/gateway-aggregation/aggregator.ts:
 * once a required backend has failed the answer is a 502, so the calls still in flight are
 * cancelled). No clock decides anything here: the backends answer when the test releases them,
 * and the test looks at the calls' abort signals once the aggregator has read the failing answer.
 * Inverting the early-stop condition (`!backend.required`) fails both tests.
 */
import { strict as assert } from "node:assert";
import { readFunctionConfig } from "../../handlers/config";
import { createAggregator } from "../../handlers/gateway-aggregation/aggregator";
import { merge } from "../../handlers/gateway-aggregation/default-merge";
import { parseSettings } from "../../handlers/gateway-aggregation/settings";
import { HeldBackends, startHeldBackends, watchFetch, WatchedFetch } from "../fixtures/gateway-aggregation/held-backends";

// The whole budget for each backend, so no timer of the aggregator's own can cancel a call here.
const BUDGET_MS = 29_000;

describe("gateway aggregation early stop, observed at the backends", () => {
    let backends: HeldBackends;
    let fetches: WatchedFetch;
    const warn = console.warn;

    beforeEach(async () => {
        backends = await startHeldBackends();
        fetches = watchFetch();
        console.warn = () => undefined;
    });
    afterEach(async () => {
        console.warn = warn;
        fetches.restore();
        await backends.close();
    });

    const aggregate = (backendsDoc: { name: string; required: boolean }[]) => {
        const doc = {
            route: "GET /page/{id}",
            timeoutMs: BUDGET_MS,
            backends: backendsDoc.map((b) => ({ ...b, url: backends.url(b.name), timeoutMs: BUDGET_MS })),
        };
        const handle = createAggregator(readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) }), merge);
        return handle(new Request("https://gateway.example/page/1", { headers: { "x-request-id": "early-stop" } }));
    };

    it("an optional backend failing first never cancels a required one", async () => {
        const answer = aggregate([
            { name: "product", required: true },
            { name: "reviews", required: false },
        ]);
        await Promise.all([backends.arrived("product"), backends.arrived("reviews")]);

        // A 4xx is never retried, so this is the optional backend's final answer.
        backends.release("reviews", 404);
        await fetches.handled(backends.url("reviews"));
        assert.equal(fetches.signalOf(backends.url("product")).aborted, false, "the required call is still wanted");

        backends.release("product", 200);
        const response = await answer;
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("x-degraded"), "reviews");
        assert.equal(backends.isHungUp("product"), false, "the required backend was answered, not hung up on");
    });

    it("a required backend failing cancels every call still in flight, required or optional", async () => {
        const answer = aggregate([
            { name: "product", required: true },
            { name: "price", required: true },
            { name: "reviews", required: false },
        ]);
        await Promise.all(["product", "price", "reviews"].map((name) => backends.arrived(name)));

        backends.release("product", 404);
        await fetches.handled(backends.url("product"));
        for (const name of ["price", "reviews"]) assert.equal(fetches.signalOf(backends.url(name)).aborted, true, `${name} cancelled`);

        // The backends see the cancellation: the aggregator hung up on them, never to be answered.
        await Promise.all([backends.hungUp("price"), backends.hungUp("reviews")]);
        const response = await answer;
        assert.equal(response.status, 502);
        const problem = (await response.json()) as { detail: string; backends: string[] };
        assert.deepEqual(problem.backends, ["product"]);
        assert.match(problem.detail, /'product' answered HTTP 404/);
    });
});
