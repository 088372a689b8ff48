import { strict as assert } from "node:assert";
import type { PGlite } from "@electric-sql/pglite";
import * as account from "../../handlers/event-sourcing/account-decider";
import { asDecider } from "../../handlers/event-sourcing/decider";
import { createEventSourcingHandler, EventSourcingHttpOptions } from "../../handlers/event-sourcing/http";
import type { HttpHandler } from "../../handlers/contracts";
import type { EventStore } from "../../handlers/stores/event-store/port";
import { manualClock } from "../fixtures/event-sourcing/clock";
import { pgliteStore } from "../fixtures/event-sourcing/pglite-store";

const base = "https://es.example.test";

function post(
    handler: HttpHandler,
    stream: string,
    command: unknown,
    init: { headers?: Record<string, string>; expectedVersion?: unknown; raw?: string } = {},
) {
    const body =
        init.raw ?? JSON.stringify({ command, ...(init.expectedVersion !== undefined ? { expectedVersion: init.expectedVersion } : {}) });
    return handler(
        new Request(`${base}/streams/${encodeURIComponent(stream)}`, {
            method: "POST",
            body,
            headers: { "content-type": "application/json", ...init.headers },
        }),
    );
}
/** A JSON answer, loosely typed: the assertions check its shape. */
const json = (res: Response): Promise<any> => res.json();
const get = (handler: HttpHandler, path: string) => handler(new Request(`${base}${path}`));

describe("event sourcing HTTP API (PGlite store, account decider)", function () {
    this.timeout(60_000);
    const time = manualClock();
    let db: PGlite;
    let store: EventStore;
    let handler: HttpHandler;

    const make = (extra: Partial<EventSourcingHttpOptions> = {}) =>
        createEventSourcingHandler({ store, decider: asDecider(account, "account-decider"), snapshotEvery: 2, ...extra });

    before(async () => {
        ({ db, store } = await pgliteStore({ clock: time.clock }));
        handler = make();
    });
    after(async () => db.close());

    it("runs the catalogue's example: opened, +200, -50 -> 150, each append 201 with the new version", async () => {
        const opened = await post(handler, "acc-1", { type: "open" }, { headers: { "if-none-match": "*" } });
        assert.equal(opened.status, 201);
        assert.equal(opened.headers.get("etag"), '"1"');
        assert.equal(opened.headers.get("location"), "/streams/acc-1");
        time.advance(60_000);
        const deposited = await post(handler, "acc-1", { type: "deposit", amount: 200 }, { headers: { "if-match": '"1"' } });
        assert.equal(deposited.status, 201);
        const body = await json(deposited);
        assert.deepEqual(
            [body.version, body.state, body.events.map((e: { type: string }) => e.type)],
            [2, { open: true, balance: 200 }, ["MoneyDeposited"]],
        );
        time.advance(60_000);
        assert.equal((await post(handler, "acc-1", { type: "withdraw", amount: 50 }, { expectedVersion: 2 })).status, 201);
        const state = await get(handler, "/streams/acc-1");
        assert.equal(state.status, 200);
        assert.equal(state.headers.get("etag"), '"3"');
        assert.deepEqual(await json(state), { stream: "acc-1", version: 3, state: { open: true, balance: 150 } });
    });

    it("answers the state at a past moment (?at=) and lists the events", async () => {
        const between = time.at(90_000).toISOString(); // after the deposit, before the withdrawal
        const past = await get(handler, `/streams/acc-1?at=${between}`);
        assert.equal(past.status, 200);
        assert.deepEqual(await json(past), { stream: "acc-1", version: 2, state: { open: true, balance: 200 }, at: between });
        const before = await get(handler, `/streams/acc-1?at=${time.at(-1).toISOString()}`);
        assert.equal(before.status, 404);
        const events = await json(await get(handler, "/streams/acc-1/events?fromVersion=2"));
        assert.deepEqual(
            events.events.map((e: { version: number; type: string; data: unknown }) => [e.version, e.type, e.data]),
            [
                [2, "MoneyDeposited", { amount: 200 }],
                [3, "MoneyWithdrawn", { amount: 50 }],
            ],
        );
        assert.equal(events.events[0].recordedAt, "2024-01-31T15:01:00.000Z");
        const until = await json(await get(handler, `/streams/acc-1/events?at=${between}`));
        assert.deepEqual(
            until.events.map((e: { version: number }) => e.version),
            [1, 2],
        );
    });

    it("refuses an overdraw with 422 and stores nothing", async () => {
        const res = await post(handler, "acc-1", { type: "withdraw", amount: 151 });
        assert.equal(res.status, 422);
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.match((await json(res)).detail, /insufficient funds: withdrawing 151 from a balance of 150/);
        assert.equal((await store.readStream("acc-1")).length, 3);
    });

    it("answers 409 with the current version for a stale If-Match, If-None-Match * or body expectedVersion", async () => {
        const stale: { headers?: Record<string, string>; expectedVersion?: number }[] = [
            { headers: { "if-match": '"2"' } },
            { headers: { "if-none-match": "*" } },
            { expectedVersion: 7 },
        ];
        for (const init of stale) {
            const res = await post(handler, "acc-1", { type: "deposit", amount: 1 }, init);
            assert.equal(res.status, 409, JSON.stringify(init));
            assert.equal(res.headers.get("etag"), '"3"');
            const problem = await json(res);
            assert.equal(problem.currentVersion, 3);
        }
        assert.equal(
            (await post(handler, "acc-none", { type: "open" }, { headers: { "if-match": "*" } })).status,
            409,
            "If-Match * needs an existing stream",
        );
        assert.equal((await store.readStream("acc-1")).length, 3);
    });

    it("decides again after losing a race when the client pinned no version, so both withdrawals are judged on the real balance", async () => {
        await post(handler, "acc-2", { type: "open" });
        await post(handler, "acc-2", { type: "deposit", amount: 150 });
        const results = await Promise.all([
            post(handler, "acc-2", { type: "withdraw", amount: 100 }),
            post(handler, "acc-2", { type: "withdraw", amount: 100 }),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), [201, 422]);
        const state = await json(await get(handler, "/streams/acc-2"));
        assert.equal(state.state.balance, 50);
    });

    it("writes snapshots every snapshotEvery events and reads the same state with them", async () => {
        const { rows } = await db.query<{ version: number }>("SELECT version FROM snapshots WHERE aggregate_id = 'acc-1' ORDER BY version");
        assert.ok(rows.length > 0, "a snapshot was written");
        const plain = await store.aggregateStream("acc-1", {
            evolve: account.evolve,
            initialState: account.initialState,
            useSnapshots: false,
        });
        const snapped = await store.aggregateStream("acc-1", { evolve: account.evolve, initialState: account.initialState });
        assert.ok(snapped.fromSnapshot > 0);
        assert.deepEqual(snapped.state, plain.state);
    });

    it("rejects bad requests with 400 naming what is wrong, storing nothing", async () => {
        const cases: [Promise<Response>, RegExp][] = [
            [post(handler, "acc-3", null, { raw: "{not json" }), /body must be JSON/],
            [post(handler, "acc-3", null, { raw: JSON.stringify({ type: "open" }) }), /"command" object/],
            [post(handler, "acc-3", { type: "close" }), /command type must be one of open, deposit, withdraw, got "close"/],
            [post(handler, "acc-1", { type: "deposit", amount: -5 }), /amount must be a positive number, got -5/],
            [post(handler, "acc-3", { type: "open" }, { headers: { "if-match": "three" } }), /If-Match must be the stream's ETag/],
            [
                post(handler, "acc-3", { type: "open" }, { expectedVersion: "later" }),
                /expectedVersion must be a whole number >= 0 or one of no-stream, stream-exists, any/,
            ],
            [
                post(handler, "acc-3", { type: "open" }, { headers: { "if-match": '"1"' }, expectedVersion: 2 }),
                /If-Match\/If-None-Match says 1 but the body's expectedVersion says 2/,
            ],
            [get(handler, "/streams/acc-1?at=yesterday"), /at must be an ISO 8601 date-time/],
            [get(handler, "/streams/acc-1/events?fromVersion=0"), /fromVersion must be a whole number >= 1/],
        ];
        for (const [response, detail] of cases) {
            const res = await response;
            assert.equal(res.status, 400);
            assert.match((await json(res)).detail, detail);
        }
        assert.deepEqual(await store.readStream("acc-3"), []);
        assert.equal((await store.readStream("acc-1")).length, 3);
    });

    it("refuses stream ids outside the documented rule with 400 naming it, storing nothing", async () => {
        for (const id of ["acc\r\n1", "acc\u00001", "acc 1", "-acc", "a".repeat(201), "acc/1", "caf\u00e9"]) {
            const res = await post(handler, id, { type: "open" });
            assert.equal(res.status, 400, JSON.stringify(id));
            const problem = await json(res);
            assert.equal(problem.title, "Invalid stream id");
            assert.equal(problem.field, "stream");
            assert.match(problem.detail, /1 to 200 characters matching .*letters, digits, then also \. _ : @ -/);
            assert.equal((await get(handler, `/streams/${encodeURIComponent(id)}`)).status, 400);
        }
        assert.equal((await post(handler, "order:2024.x_1@eu-west", { type: "open" })).status, 201);
        assert.equal((await post(handler, "a".repeat(200), { type: "open" })).status, 201);
    });

    it("answers 413 for a command body over the limit, read no further, whatever it declares", async () => {
        const small = make({ maxBodyBytes: 100 });
        const big = JSON.stringify({ command: { type: "open", note: "x".repeat(200) } });
        const declared = await post(small, "acc-9", null, { raw: big });
        assert.equal(declared.status, 413);
        assert.equal(declared.headers.get("content-type"), "application/problem+json");
        const streamed = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
        const chunked = await small(
            new Request(`${base}/streams/acc-9`, {
                method: "POST",
                body: streamed,
                duplex: "half",
                headers: { "content-type": "application/json" },
            } as RequestInit),
        );
        assert.equal(chunked.status, 413);
        assert.match((await json(chunked)).detail, /at most 100/);
        assert.equal(
            (await post(handler, "acc-9", null, { raw: JSON.stringify({ command: { type: "open", note: "x".repeat(60_000) } }) })).status,
            201,
            "64 KiB by default",
        );
        assert.equal(
            (await post(handler, "acc-10", null, { raw: JSON.stringify({ command: { type: "open", note: "x".repeat(70_000) } }) })).status,
            413,
        );
        assert.deepEqual(await store.readStream("acc-10"), []);
    });

    it("answers 404 for an unknown stream or path and 405 with Allow for another method", async () => {
        assert.equal((await get(handler, "/streams/nobody")).status, 404);
        assert.equal((await get(handler, "/accounts/acc-1")).status, 404);
        const res = await handler(new Request(`${base}/streams/acc-1`, { method: "DELETE" }));
        assert.equal(res.status, 405);
        assert.equal(res.headers.get("allow"), "POST, GET");
    });

    it("answers 500 without the store's error details when the store fails", async () => {
        const broken = make({
            store: { ...store, aggregateStream: async () => Promise.reject(new Error("password=hunter2 connection refused")) },
        });
        const original = console.error;
        console.error = () => {};
        try {
            const res = await get(broken, "/streams/acc-1");
            assert.equal(res.status, 500);
            assert.doesNotMatch(await res.text(), /hunter2/);
        } finally {
            console.error = original;
        }
    });
});

describe("account decider (the catalogue's example)", () => {
    it("replays opened, +200, -50 to 150", () => {
        const at = new Date();
        const events = [
            { type: "AccountOpened", data: { initial_balance: 0 } },
            { type: "MoneyDeposited", data: { amount: 200 } },
            { type: "MoneyWithdrawn", data: { amount: 50 } },
        ].map((e, i) => ({ ...e, version: i + 1, recordedAt: at }));
        assert.deepEqual(events.reduce(account.evolve, account.initialState()), { open: true, balance: 150 });
    });

    it("refuses deposits to an account that is not open", () => {
        assert.throws(() => account.decide({ type: "deposit", amount: 1 }, account.initialState()), {
            name: "CommandRejectedError",
            message: /not open/,
        });
    });

    it("names what a decider module lacks", () => {
        assert.throws(
            () => asDecider({ decide: () => [] }, "./my-decider.ts"),
            /decider module \.\/my-decider\.ts must export functions decide, evolve and initialState; missing or not a function: evolve, initialState/,
        );
    });
});
