/**
 * The router's HTTP API over real shard stores: PostgreSQL shard tables on PGlite (one schema,
 * a table per shard), plus stand-in stores that fail or never answer, for scatter-gather's budget.
 */
import { strict as assert } from "node:assert";
import { CONFIG_ENV, ConfigError, readFunctionConfig } from "../../handlers/config";
import { PROBLEM_CONTENT_TYPE } from "../../handlers/http/problem";
import { routerHandler } from "../../handlers/sharding/router-function";
import { createShardRouter } from "../../handlers/sharding/router";
import { jumpShard } from "../../handlers/sharding/routing";
import { parseRouterSettings } from "../../handlers/sharding/settings";
import { placements, type Topology } from "../../handlers/sharding/topology";
import type { ShardStore } from "../../handlers/stores/shards/port";
import { postgresShardStore, shardTableSchema } from "../../handlers/stores/shards/postgres";
import { usePeer } from "../support/peers";

const BASE = "http://router.test";

function call(handler: (r: Request) => Promise<Response>, method: string, path: string, body?: unknown): Promise<Response> {
    return handler(
        new Request(BASE + path, {
            method,
            ...(body !== undefined && {
                body: typeof body === "string" ? body : JSON.stringify(body),
                headers: { "content-type": "application/json" },
            }),
        }),
    );
}

async function problem(response: Response, status: number, detail: RegExp): Promise<Record<string, unknown>> {
    assert.equal(response.status, status);
    assert.equal(response.headers.get("content-type"), PROBLEM_CONTENT_TYPE);
    const doc = (await response.json()) as Record<string, unknown>;
    assert.equal(doc.status, status);
    assert.match(String(doc.detail), detail);
    return doc;
}

const failing: ShardStore = {
    read: () => Promise.reject(new Error("shard down")),
    write: () => Promise.reject(new Error("shard down")),
    list: () => Promise.reject(new Error("shard down")),
    copy: () => Promise.reject(new Error("shard down")),
    remove: () => Promise.reject(new Error("shard down")),
};
const hanging: ShardStore = { ...failing, list: () => new Promise(() => undefined) };

describe("sharding router (PostgreSQL shards on PGlite)", () => {
    const peer = usePeer("pglite");
    const shardNames = ["s0", "s1", "s2"];
    let stores: Map<string, ShardStore>;
    let topology: Topology;
    let router: (r: Request) => Promise<Response>;

    before(async () => {
        stores = new Map();
        for (const name of shardNames) {
            const table = `${peer.schema}.items_${name}`;
            await peer.db.exec(shardTableSchema(table));
            stores.set(name, postgresShardStore(peer.db, table));
        }
        topology = placements({ current: { version: 7, strategy: "hash", shards: shardNames.map((name) => ({ name })) } }, (s) =>
            stores.get(s.name)!,
        );
        router = createShardRouter({ keyField: "id", topology: () => topology, scatterBudgetMs: 2_000, maxBodyBytes: 1024 });
    });

    it("stores an item on its jump-hash shard, reads it back, replaces it and says which shard holds it", async () => {
        const created = await call(router, "PUT", "/items/order-1", { status: "open", total: 5 });
        assert.equal(created.status, 201);
        const shard = shardNames[jumpShard("order-1", 3)];
        assert.deepEqual(await created.json(), {
            key: "order-1",
            shard,
            mapVersion: 7,
            version: 1,
            item: { status: "open", total: 5, id: "order-1" },
        });
        assert.equal((await stores.get(shard!)!.read("order-1"))?.version, 1, "the item is in its shard's own table");
        const replaced = await call(router, "PUT", "/items/order-1", { id: "order-1", status: "paid" });
        assert.equal(replaced.status, 200);
        assert.equal(((await replaced.json()) as { version: number }).version, 2);
        const read = await call(router, "GET", "/items/order-1");
        assert.deepEqual(((await read.json()) as { item: unknown }).item, { id: "order-1", status: "paid" });
        assert.deepEqual(await (await call(router, "GET", "/shards/order-1")).json(), { key: "order-1", shard, mapVersion: 7 });
    });

    it("deletes an item: 204, then 404 to a read and to a second delete", async () => {
        await call(router, "PUT", "/items/gone", { a: 1 });
        assert.equal((await call(router, "DELETE", "/items/gone")).status, 204);
        await problem(await call(router, "GET", "/items/gone"), 404, /no item has the key "gone"/);
        await problem(await call(router, "DELETE", "/items/gone"), 404, /no item/);
    });

    it("refuses bad keys, bodies and routes with problem documents", async () => {
        await problem(await call(router, "GET", "/items/a%00b"), 400, /the key must be 1 to 255 characters/);
        await problem(await call(router, "GET", `/items/${"k".repeat(256)}`), 400, /the key must be/);
        await problem(await call(router, "PUT", "/items/a", { id: "b" }), 400, /the body's 'id' is "b", but the path's key is "a"/);
        await problem(await call(router, "PUT", "/items/a", [1]), 400, /must be a JSON object, got an array/);
        await problem(await call(router, "PUT", "/items/a", "{nope"), 400, /must be a JSON object/);
        await problem(await call(router, "PUT", "/items/a", { pad: "x".repeat(2000) }), 413, /at most 1024/);
        await problem(await call(router, "POST", "/items/a", {}), 405, /allowed: /);
        await problem(await call(router, "GET", "/nothing"), 404, /no route/);
        await problem(await call(router, "GET", "/items?limit=0"), 400, /limit must be a whole number from 1 to 1000/);
        await problem(await call(router, "GET", "/items?filter=nocolon"), 400, /filter must be <field>:<value>/);
    });

    it("scatter-gathers over every shard: filtered, merged in key order, limited, every shard answering", async () => {
        for (let i = 0; i < 40; i++)
            await call(router, "PUT", `/items/sg-${String(i).padStart(2, "0")}`, { colour: i % 2 ? "red" : "blue" });
        const all = (await (await call(router, "GET", "/items?filter=colour:red&limit=1000")).json()) as {
            items: { key: string; shard: string }[];
            shards: { shard: string; answered: boolean; complete: boolean; matches: number }[];
            partial: boolean;
            mapVersion: number;
        };
        assert.deepEqual(
            all.items.map((i) => i.key),
            Array.from({ length: 20 }, (_, i) => `sg-${String(2 * i + 1).padStart(2, "0")}`),
        );
        for (const item of all.items) assert.equal(item.shard, shardNames[jumpShard(item.key, 3)]);
        assert.equal(new Set(all.items.map((i) => i.shard)).size, 3, "the keys are spread over all three shards");
        assert.deepEqual(
            all.shards.map((s) => [s.shard, s.answered, s.complete]),
            shardNames.map((s) => [s, true, true]),
        );
        assert.equal(
            all.shards.reduce((n, s) => n + s.matches, 0),
            20,
        );
        assert.equal(all.partial, false);
        const few = (await (await call(router, "GET", "/items?filter=colour:red&limit=3")).json()) as { items: { key: string }[] };
        assert.deepEqual(
            few.items.map((i) => i.key),
            ["sg-01", "sg-03", "sg-05"],
        );
    });

    it("flags a partial answer: a failing shard is named with its error, a silent one as not answered within the budget", async () => {
        const mixed = placements(
            { current: { version: 1, strategy: "hash", shards: [{ name: "s0" }, { name: "down" }, { name: "slow" }] } },
            (s) => (s.name === "down" ? failing : s.name === "slow" ? hanging : stores.get("s0")!),
        );
        const partialRouter = createShardRouter({ keyField: "id", topology: () => mixed, scatterBudgetMs: 100, maxBodyBytes: 1024 });
        const body = (await (await call(partialRouter, "GET", "/items?limit=1000")).json()) as {
            shards: { shard: string; answered: boolean; complete: boolean; error?: string }[];
            partial: boolean;
        };
        assert.equal(body.partial, true);
        assert.deepEqual(body.shards, [
            body.shards[0],
            { shard: "down", answered: false, complete: false, matches: 0, error: "shard down" },
            { shard: "slow", answered: false, complete: false, matches: 0 },
        ]);
        assert.equal(body.shards[0]!.complete, true);
        const dark = placements({ current: { version: 1, strategy: "hash", shards: [{ name: "slow" }] } }, () => hanging);
        const darkRouter = createShardRouter({ keyField: "id", topology: () => dark, scatterBudgetMs: 50, maxBodyBytes: 1024 });
        const doc = await problem(await call(darkRouter, "GET", "/items"), 504, /no shard answered within 50 ms/);
        assert.deepEqual(doc.shards, [{ shard: "slow", answered: false, complete: false, matches: 0 }]);
    });

    it("routes geo items by their place, and refuses an item without one", async () => {
        const geo = placements(
            {
                current: {
                    version: 1,
                    strategy: "geo",
                    shards: [
                        { name: "s0", region: "eu-west-1" },
                        { name: "s1", region: "us-east-1" },
                    ],
                    geo: { field: "country", places: { DE: "eu-west-1", US: "us-east-1" } },
                },
            },
            (s) => stores.get(s.name)!,
        );
        const geoRouter = createShardRouter({ keyField: "id", topology: () => geo, scatterBudgetMs: 1000, maxBodyBytes: 1024 });
        const put = await call(geoRouter, "PUT", "/items/user-9", { country: "DE" });
        assert.equal(((await put.json()) as { shard: string }).shard, "s0");
        assert.deepEqual(await (await call(geoRouter, "GET", "/shards/user-9?country=US")).json(), {
            key: "user-9",
            shard: "s1",
            region: "us-east-1",
            mapVersion: 1,
        });
        assert.equal((await call(geoRouter, "GET", "/items/user-9?country=DE")).status, 200);
        await problem(await call(geoRouter, "PUT", "/items/user-8", { name: "x" }), 422, /must have a string 'country'/);
        await problem(await call(geoRouter, "GET", "/items/user-9?country=JP"), 422, /place "JP" maps to no region/);
    });

    it("routes numeric ranges by value, and refuses a key that is not a number", async () => {
        const ranged = placements(
            {
                current: {
                    version: 1,
                    strategy: "range",
                    shards: [
                        { name: "s0", to: 1_000_000 },
                        { name: "s1", from: 1_000_000 },
                    ],
                },
            },
            (s) => stores.get(s.name)!,
        );
        const rangeRouter = createShardRouter({ keyField: "id", topology: () => ranged, scatterBudgetMs: 1000, maxBodyBytes: 1024 });
        assert.equal(((await (await call(rangeRouter, "GET", "/shards/999999")).json()) as { shard: string }).shard, "s0");
        assert.equal(((await (await call(rangeRouter, "GET", "/shards/1000000")).json()) as { shard: string }).shard, "s1");
        await problem(await call(rangeRouter, "GET", "/shards/abc"), 422, /key must be a number/);
    });
});

describe("sharding router settings (CLOUD_PATTERNS_CONFIG)", () => {
    const shard = (name: string, extra: object = {}) => ({ name, ...extra, location: { kind: "dynamodb", table: "items" } });
    const read = (doc: object) => readFunctionConfig(parseRouterSettings, { [CONFIG_ENV]: JSON.stringify(doc) });
    const base = { key: "id", store: "managed", map: { version: 1, shards: [shard("a"), shard("b")] } };

    it("applies the defaults: jump hash, weight 1, the scatter budget and body limit", () => {
        const settings = read(base);
        assert.equal(settings.map.strategy, "hash");
        assert.deepEqual(
            settings.map.shards.map((s) => s.weight),
            [1, 1],
        );
        assert.equal(settings.scatterBudgetMs, 2000);
        assert.equal(settings.maxBodyBytes, 256 * 1024);
    });

    it("names what is wrong", () => {
        assert.throws(() => read({ ...base, store: "sql" }), /'store' must be one of managed, postgres, got "sql"/);
        assert.throws(() => read({ ...base, map: { version: 1, shards: [] } }), /'map.shards' must hold 1 to 1024 shards, got 0/);
        assert.throws(
            () => read({ ...base, map: { version: 1, shards: [shard("a"), shard("a")] } }),
            /shard names must be unique, got "a" twice/,
        );
        assert.throws(() => read({ ...base, map: { version: 1, shards: [shard("A")] } }), /shard name must match/);
        assert.throws(
            () => read({ ...base, store: "postgres" }),
            /'location.kind' must be one of postgres with store postgres, got "dynamodb"/,
        );
        assert.throws(
            () => read({ ...base, map: { version: 1, strategy: "geo", shards: [shard("a")] } }),
            /'map.geo' is required with strategy geo/,
        );
        assert.throws(
            () => read({ ...base, next: { version: 3, shards: [shard("a")] } }),
            /'next.version' must be map.version \+ 1 \(2\), got 3/,
        );
        assert.throws(
            () => read({ ...base, map: { version: 1, shards: [shard("a", { weight: 0 })] } }),
            /'map.shards\[0\].weight' must be a number from 0.01 to 1000/,
        );
    });

    it("refuses at cold start a map that does not route every key, and a store the bundle does not carry", () => {
        const gapped = read({
            ...base,
            map: { version: 1, strategy: "range", shards: [shard("a", { to: "m" }), shard("b", { from: "n" })] },
        });
        assert.throws(
            () => routerHandler(gapped, { locationKind: "dynamodb", openShard: () => failing }),
            (err: Error) => err instanceof ConfigError && /shards 'a' and 'b' leave a gap/.test(err.message),
        );
        assert.throws(
            () => routerHandler(read(base), { locationKind: "cosmos", openShard: () => failing }),
            /shard 'a' is stored in dynamodb, but this router was bundled for cosmos/,
        );
    });
});
