import { strict as assert } from "node:assert";
import { readFunctionConfig } from "../../handlers/config";
import { HttpHandler } from "../../handlers/contracts";
import { createAggregator } from "../../handlers/gateway-aggregation/aggregator";
import { MAX_BACKEND_BODY_BYTES } from "../../handlers/gateway-aggregation/backend-call";
import { merge as defaultMerge } from "../../handlers/gateway-aggregation/default-merge";
import { MergeFunction } from "../../handlers/gateway-aggregation/merge";
import { parseSettings } from "../../handlers/gateway-aggregation/settings";
import { useBackends } from "../fixtures/gateway-aggregation/backends";

interface BackendDoc {
    name: string;
    url: string;
    timeoutMs?: number;
    required?: boolean;
}

/** The handler exactly as the function builds it: from the CLOUD_PATTERNS_CONFIG document. */
function aggregator(backends: BackendDoc[], options: { route?: string; timeoutMs?: number; merge?: MergeFunction } = {}): HttpHandler {
    const doc = { route: options.route ?? "GET /aggregate/{id}", timeoutMs: options.timeoutMs ?? 2000, backends };
    const settings = readFunctionConfig(parseSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) });
    return createAggregator(settings, options.merge ?? defaultMerge);
}

const get = (path: string, headers: Record<string, string> = {}) => new Request(`https://gateway.example${path}`, { headers });

describe("gateway aggregation handler against real backends on 127.0.0.1", function () {
    const backends = useBackends();

    it("merges every backend's body under its name and calls them in parallel", async () => {
        const handle = aggregator([
            { name: "users", url: `${backends.base}/slow/150/users/{id}` },
            { name: "orders", url: `${backends.base}/slow/150/orders/{id}` },
            { name: "stock", url: `${backends.base}/slow/150/stock/{id}` },
        ]);
        const response = await handle(get("/aggregate/42", { "x-request-id": "req-1" }));
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("content-type"), "application/json");
        assert.equal(response.headers.get("x-degraded"), null);
        assert.deepEqual(await bodyOf(response), {
            users: { path: "/slow/150/users/42", requestId: "req-1" },
            orders: { path: "/slow/150/orders/42", requestId: "req-1" },
            stock: { path: "/slow/150/stock/42", requestId: "req-1" },
            degraded: [],
        });
        assert.equal(backends.maxInFlight(), 3, "all three backends were in flight at the same time");
    });

    it("fills placeholders URL-encoded from the decoded path parameters", async () => {
        const handle = aggregator([{ name: "a", url: `${backends.base}/json/{shop}/items?id={id}` }], {
            route: "GET /shops/{shop}/items/{id}",
        });
        const response = await handle(get("/shops/caf%C3%A9/items/a%2Fb%20c"));
        assert.equal(response.status, 200);
        assert.deepEqual(
            backends.calls.map((c) => c.path),
            ["/json/caf%C3%A9/items?id=a%2Fb%20c"],
        );
    });

    it("passes the request id on to every backend, minting one when the client sent none", async () => {
        const handle = aggregator([
            { name: "a", url: `${backends.base}/json/a` },
            { name: "b", url: `${backends.base}/json/b` },
        ]);
        const response = await handle(get("/aggregate/1"));
        const id = response.headers.get("x-request-id");
        assert.match(id ?? "", /^[0-9a-f-]{36}$/);
        assert.deepEqual(
            backends.calls.map((c) => c.requestId),
            [id, id],
        );
    });

    it("leaves a slow optional backend out, names it in `degraded` and x-degraded, and cancels its call", async () => {
        const handle = aggregator([
            { name: "users", url: `${backends.base}/json/users` },
            { name: "recommendations", url: `${backends.base}/slow/5000/recs`, timeoutMs: 100, required: false },
        ]);
        const response = await handle(get("/aggregate/7"));
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("x-degraded"), "recommendations");
        const body = await bodyOf(response);
        assert.deepEqual(body.degraded, ["recommendations"]);
        assert.deepEqual(Object.keys(body).sort(), ["degraded", "users"]);
        const slowCalls = backends.calls.filter((c) => c.path.startsWith("/slow"));
        assert.equal(slowCalls.length, 2, "a timeout of a GET is retried once");
        await until(() => slowCalls.every((c) => c.abandoned));
    });

    it("retries a failing optional backend's GET once, then leaves it out", async () => {
        const handle = aggregator([
            { name: "users", url: `${backends.base}/json/users` },
            { name: "reviews", url: `${backends.base}/status/503`, required: false },
        ]);
        const response = await handle(get("/aggregate/7"));
        assert.equal(response.status, 200);
        assert.equal(response.headers.get("x-degraded"), "reviews");
        assert.equal(backends.calls.filter((c) => c.path === "/status/503").length, 2);
    });

    it("recovers when the retry of a GET succeeds", async () => {
        const handle = aggregator([{ name: "inventory", url: `${backends.base}/flaky/{id}` }]);
        const response = await handle(get("/aggregate/sku-1"));
        assert.equal(response.status, 200);
        assert.deepEqual(await bodyOf(response), { inventory: { path: "/flaky/sku-1", recovered: true }, degraded: [] });
        assert.equal(backends.calls.length, 2);
    });

    it("answers 502 naming a failed required backend, after one retry", async () => {
        const handle = aggregator([
            { name: "users", url: `${backends.base}/json/users` },
            { name: "orders", url: `${backends.base}/status/500` },
        ]);
        const response = await handle(get("/aggregate/7", { "x-request-id": "req-502" }));
        assert.equal(response.status, 502);
        assert.equal(response.headers.get("content-type"), "application/problem+json");
        assert.equal(response.headers.get("x-request-id"), "req-502");
        const body = await bodyOf(response);
        assert.equal(body.title, "Bad Gateway");
        assert.equal(body.status, 502);
        assert.deepEqual(body.backends, ["orders"]);
        assert.match(body.detail, /required backend 'orders' answered HTTP 500 \(after 2 attempts\)/);
        assert.equal(body.requestId, "req-502");
        assert.equal(backends.calls.filter((c) => c.path === "/status/500").length, 2);
    });

    it("never retries a 4xx", async () => {
        const handle = aggregator([{ name: "profile", url: `${backends.base}/status/400` }]);
        const response = await handle(get("/aggregate/7"));
        assert.equal(response.status, 502);
        assert.match((await bodyOf(response)).detail, /'profile' answered HTTP 400$/);
        assert.equal(backends.calls.length, 1);
    });

    it("treats invalid JSON as that backend's failure, naming it", async () => {
        const required = await aggregator([{ name: "catalog", url: `${backends.base}/invalid-json` }])(get("/aggregate/1"));
        assert.equal(required.status, 502);
        assert.match((await bodyOf(required)).detail, /'catalog' answered invalid JSON/);

        const optional = await aggregator([
            { name: "users", url: `${backends.base}/json/u` },
            { name: "catalog", url: `${backends.base}/invalid-json`, required: false },
        ])(get("/aggregate/1"));
        assert.equal(optional.status, 200);
        assert.equal(optional.headers.get("x-degraded"), "catalog");
    });

    it("refuses a backend body over the cap, declared or streamed, without retrying", async () => {
        const over = MAX_BACKEND_BODY_BYTES + 1;
        for (const path of [`/big/${over}`, `/big/${over}/chunked`]) {
            backends.reset();
            const response = await aggregator([{ name: "feed", url: `${backends.base}${path}` }])(get("/aggregate/1"));
            assert.equal(response.status, 502);
            assert.match((await bodyOf(response)).detail, new RegExp(`'feed' answered more than ${MAX_BACKEND_BODY_BYTES} bytes$`));
            assert.equal(backends.calls.length, 1);
        }
        const fits = await aggregator([{ name: "feed", url: `${backends.base}/big/${MAX_BACKEND_BODY_BYTES - 10}/chunked` }])(
            get("/aggregate/1"),
        );
        assert.equal(fits.status, 200);
        assert.equal((await bodyOf(fits)).feed.length, MAX_BACKEND_BODY_BYTES - 10);
    });

    it("names a backend whose connection is refused, and leaves it out when optional", async () => {
        const required = await aggregator([{ name: "ledger", url: `${backends.refused}/ledger` }])(get("/aggregate/1"));
        assert.equal(required.status, 502);
        assert.match((await bodyOf(required)).detail, /'ledger' could not be reached \(ECONNREFUSED\) \(after 2 attempts\)/);

        const optional = await aggregator([
            { name: "users", url: `${backends.base}/json/u` },
            { name: "ledger", url: `${backends.refused}/ledger`, required: false },
        ])(get("/aggregate/1"));
        assert.equal(optional.status, 200);
        assert.deepEqual((await bodyOf(optional)).degraded, ["ledger"]);
    });

    it("answers 504 naming the required backend still pending when the budget runs out", async () => {
        const handle = aggregator(
            [
                { name: "users", url: `${backends.base}/json/u` },
                { name: "search", url: `${backends.base}/slow/5000/search` },
            ],
            { timeoutMs: 150 },
        );
        const response = await handle(get("/aggregate/1"));
        assert.equal(response.status, 504);
        const body = await bodyOf(response);
        assert.deepEqual(body.backends, ["search"]);
        assert.match(body.detail, /the 150 ms budget ran out waiting for 'search'/);
        await until(() => backends.calls.filter((c) => c.path.startsWith("/slow")).every((c) => c.abandoned));
    });

    it("stops waiting for the others as soon as a required backend has failed", async () => {
        const handle = aggregator([
            { name: "slow", url: `${backends.base}/slow/5000/x`, required: false },
            { name: "broken", url: `${backends.base}/status/404` },
        ]);
        const response = await handle(get("/aggregate/1"));
        assert.equal(response.status, 502);
        assert.deepEqual((await bodyOf(response)).backends, ["broken"]);
        await until(() => backends.calls.find((c) => c.path.startsWith("/slow"))?.abandoned === true);
    });

    it("answers 502 when every backend is optional and none answered", async () => {
        const handle = aggregator([
            { name: "a", url: `${backends.base}/status/404`, required: false },
            { name: "b", url: `${backends.refused}/b`, required: false },
        ]);
        const response = await handle(get("/aggregate/1"));
        assert.equal(response.status, 502);
        assert.deepEqual((await bodyOf(response)).backends, ["a", "b"]);
    });

    it("forwards a POST body and never retries a non-GET", async () => {
        const handle = aggregator(
            [
                { name: "quote", url: `${backends.base}/json/quote/{id}` },
                { name: "tax", url: `${backends.base}/status/500`, required: false },
            ],
            { route: "POST /quotes/{id}" },
        );
        const response = await handle(
            new Request("https://gateway.example/quotes/9", {
                method: "POST",
                body: '{"qty":3}',
                headers: { "content-type": "application/json" },
            }),
        );
        assert.equal(response.status, 200);
        assert.equal((await bodyOf(response)).quote.received, '{"qty":3}');
        assert.deepEqual(backends.calls.map((c) => `${c.method} ${c.path}`).sort(), ["POST /json/quote/9", "POST /status/500"]);
    });

    it("answers through the user's merge function, which sees the request and the degraded list", async () => {
        const seen: unknown[] = [];
        const merge: MergeFunction = async (results, request) => {
            seen.push({ params: request.params, degraded: request.degraded, q: request.query.get("lang") });
            return { name: (results.user as { path: string }).path, count: Object.keys(results).length };
        };
        const handle = aggregator(
            [
                { name: "user", url: `${backends.base}/json/user/{id}` },
                { name: "extras", url: `${backends.base}/status/400`, required: false },
            ],
            { merge },
        );
        const response = await handle(get("/aggregate/5?lang=de"));
        assert.equal(response.status, 200);
        assert.deepEqual(await bodyOf(response), { name: "/json/user/5", count: 1 });
        assert.deepEqual(seen, [{ params: { id: "5" }, degraded: ["extras"], q: "de" }]);
    });

    it("answers 500 without the merge error's details when the merge function throws", async () => {
        const handle = aggregator([{ name: "a", url: `${backends.base}/json/a` }], {
            merge: () => {
                throw new Error("secret detail");
            },
        });
        const response = await handle(get("/aggregate/1"));
        assert.equal(response.status, 500);
        const text = await response.text();
        assert.match(text, /the merge module failed/);
        assert.doesNotMatch(text, /secret detail/);
    });

    describe("bad client requests", () => {
        const handle = () => aggregator([{ name: "a", url: `${backends.base}/json/a` }]);

        it("404 for a path outside the route, naming the route", async () => {
            const response = await handle()(get("/other/1"));
            assert.equal(response.status, 404);
            assert.match((await bodyOf(response)).detail, /no route for '\/other\/1'; this function serves 'GET \/aggregate\/\{id\}'/);
        });

        it("405 with Allow for another method", async () => {
            const response = await handle()(new Request("https://gateway.example/aggregate/1", { method: "DELETE" }));
            assert.equal(response.status, 405);
            assert.equal(response.headers.get("allow"), "GET");
        });

        it("404 for a path parameter that is not valid percent-encoding", async () => {
            const response = await handle()(get("/aggregate/%E0%A4%A"));
            assert.equal(response.status, 404);
        });

        it("calls no backend for any of them", () => assert.equal(backends.calls.length, 0));
    });
});

// The bodies under test are JSON of known shape; `any` keeps the assertions short.
const bodyOf = async (response: Response) => (await response.json()) as Record<string, any>;

/** Waits (bounded) for the backends' side of a cancelled call to be observed. */
async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(condition(), "condition not met within 1 s");
}
