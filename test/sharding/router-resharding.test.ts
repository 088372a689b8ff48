/**
 * The router while resharding (a current map and a next one), over PostgreSQL shard tables on
 * PGlite: 2 -> 3 shards by jump hash. Each case sets up the state a move can leave a key in (on
 * its old shard only, on both, deleted on the new one) and checks what the HTTP API answers, and,
 * for the race between a read and the mover, the one order of steps that a live test rarely hits.
 */
import { strict as assert } from "node:assert";
import { moveKeys } from "../../handlers/sharding/mover";
import { createShardRouter } from "../../handlers/sharding/router";
import { jumpShard } from "../../handlers/sharding/routing";
import { placements, type Topology } from "../../handlers/sharding/topology";
import type { ShardStore } from "../../handlers/stores/shards/port";
import { postgresShardStore, shardTableSchema } from "../../handlers/stores/shards/postgres";
import { usePeer } from "../support/peers";

const BASE = "http://router.test";
const NAMES = ["m0", "m1", "m2"];

/** The first key of `prefix-<n>` jump hash sends to shard `to` of 3 from shard `from` of 2 (`to` = `from`: a key that stays). */
function keyMoving(prefix: string, from: number, to: number): string {
    for (let n = 0; ; n++) {
        const key = `${prefix}-${n}`;
        if (jumpShard(key, 2) === from && jumpShard(key, 3) === to) return key;
    }
}

describe("sharding router while resharding 2 -> 3 shards (PostgreSQL shards on PGlite)", () => {
    const peer = usePeer("pglite");
    const stores = new Map<string, ShardStore>();
    /** Swapped in per case to stand between the router and a shard's table. */
    const wrapped = new Map<string, ShardStore>();
    let topology: Topology;
    let router: (r: Request) => Promise<Response>;
    const call = (method: string, path: string, body?: object) =>
        router(new Request(BASE + path, { method, ...(body && { body: JSON.stringify(body) }) }));
    const map = (version: number, n: number) => ({
        version,
        strategy: "hash" as const,
        shards: NAMES.slice(0, n).map((name) => ({ name })),
    });

    before(async () => {
        for (const name of NAMES) {
            const table = `${peer.schema}.moving_${name}`;
            await peer.db.exec(shardTableSchema(table));
            stores.set(name, postgresShardStore(peer.db, table));
        }
    });

    beforeEach(async () => {
        for (const s of stores.values()) for (const item of await s.list(undefined, 1000)) await s.remove(item.id);
        wrapped.clear();
        // A store per name that defers to the case's wrapper, if any, at call time.
        const open = (s: { name: string }): ShardStore => {
            const store = () => wrapped.get(s.name) ?? stores.get(s.name)!;
            return {
                read: (id) => store().read(id),
                write: (id, next, expected) => store().write(id, next, expected),
                list: (after, limit) => store().list(after, limit),
                copy: (item) => store().copy(item),
                remove: (id, version) => store().remove(id, version),
            };
        };
        topology = placements({ current: map(1, 2), next: map(2, 3) }, open);
        router = createShardRouter({ keyField: "id", topology: () => topology, scatterBudgetMs: 5_000, maxBodyBytes: 1024 });
    });

    it("reads a key not yet copied from its old shard, writes it to its new one, and GET /shards names both", async () => {
        const key = keyMoving("not-copied", 0, 2);
        await stores.get("m0")!.write(key, { deleted: false, document: { id: key, v: "old" } }, 0);

        const read = await call("GET", `/items/${key}`);
        assert.equal(read.status, 200);
        assert.deepEqual(await read.json(), { key, shard: "m0", mapVersion: 2, version: 1, item: { id: key, v: "old" } });
        assert.deepEqual(await (await call("GET", `/shards/${key}`)).json(), { key, shard: "m2", mapVersion: 2, movingFrom: "m0" });
        const staying = keyMoving("not-copied", 1, 1);
        assert.deepEqual(await (await call("GET", `/shards/${staying}`)).json(), { key: staying, shard: "m1", mapVersion: 2 });

        const put = await call("PUT", `/items/${key}`, { v: "new" });
        assert.equal(put.status, 200, "the item was live on its old shard: a replacement, not a creation");
        assert.equal(((await put.json()) as { shard: string }).shard, "m2");
        assert.deepEqual((await stores.get("m2")!.read(key))?.document, { v: "new", id: key });
        assert.deepEqual(((await (await call("GET", `/items/${key}`)).json()) as { item: unknown }).item, { v: "new", id: key });
    });

    it("finds a key the mover copies and removes between the read of its new shard and of its old one", async () => {
        const key = keyMoving("racing", 1, 2);
        await stores.get("m1")!.write(key, { deleted: false, document: { v: 1 } }, 0);
        const old = stores.get("m1")!;
        // The mover's step for this key lands just before the router's read of the old shard.
        wrapped.set("m1", {
            ...old,
            read: async (id) => {
                const item = (await old.read(id))!;
                await stores.get("m2")!.copy(item);
                await old.remove(id, item.version);
                return old.read(id);
            },
        });
        const read = await call("GET", `/items/${key}`);
        assert.equal(read.status, 200, "the key is on its new shard by then");
        assert.equal(((await read.json()) as { shard: string }).shard, "m2");
    });

    it("deletes a key not yet copied by a tombstone on its new shard, which the mover does not copy over", async () => {
        const key = keyMoving("deleted", 0, 2);
        await stores.get("m0")!.write(key, { deleted: false, document: { v: 1 } }, 0);
        assert.equal((await call("DELETE", `/items/${key}`)).status, 204);
        assert.equal((await call("GET", `/items/${key}`)).status, 404, "the old shard's copy is not read past the tombstone");
        assert.equal((await call("DELETE", `/items/${key}`)).status, 404);

        const report = await moveKeys(topology);
        assert.equal(report.superseded, 1);
        assert.equal(await stores.get("m0")!.read(key), undefined, "the mover removed the old copy");
        assert.equal((await stores.get("m2")!.read(key))?.deleted, true);
        assert.equal((await call("GET", `/items/${key}`)).status, 404, "the delete holds after the move");
    });

    it("scatter-gathers each key once, from its shard in the newest map, hiding a copy left on a shard that owns it in neither", async () => {
        const both = keyMoving("scatter", 0, 2);
        const staying = keyMoving("scatter", 1, 1);
        const stray = keyMoving("stray", 1, 1);
        await stores.get("m0")!.write(both, { deleted: false, document: { v: "old" } }, 0);
        await stores.get("m2")!.write(both, { deleted: false, document: { v: "new" } }, 0);
        await stores.get("m1")!.write(staying, { deleted: false, document: { v: "stays" } }, 0);
        // A key of m1 in both maps, also found on m0 (left by some earlier run): m0 owns it in neither map.
        await stores.get("m0")!.write(stray, { deleted: false, document: { v: "stray" } }, 0);

        const answer = (await (await call("GET", "/items?limit=100")).json()) as {
            items: { key: string; shard: string; item: { v: string } }[];
            partial: boolean;
            mapVersion: number;
        };
        assert.deepEqual(
            answer.items.map((i) => [i.key, i.shard, i.item.v]).sort(),
            [
                [both, "m2", "new"],
                [staying, "m1", "stays"],
            ].sort(),
        );
        assert.equal(answer.partial, false);
        assert.equal(answer.mapVersion, 2);
    });

    it("moves a key by copying it onto its new shard before removing it from the old one, and leaves the keys that stay alone", async () => {
        const moving = [keyMoving("mover", 0, 2), keyMoving("mover", 1, 2)];
        const staying = [keyMoving("mover", 0, 0), keyMoving("mover", 1, 1)];
        for (const key of [...moving, ...staying])
            await stores.get(NAMES[jumpShard(key, 2)]!)!.write(key, { deleted: false, document: { key } }, 0);
        const steps: string[] = [];
        for (const name of NAMES) {
            const store = stores.get(name)!;
            wrapped.set(name, {
                ...store,
                write: (id, next, expected) => (steps.push(`write ${id} on ${name}`), store.write(id, next, expected)),
                copy: (item) => (steps.push(`copy ${item.id} onto ${name}`), store.copy(item)),
                remove: (id, version) => (steps.push(`remove ${id} from ${name}`), store.remove(id, version)),
            });
        }

        const report = await moveKeys(topology);
        assert.deepEqual(steps, [
            `copy ${moving[0]} onto m2`,
            `remove ${moving[0]} from m0`,
            `copy ${moving[1]} onto m2`,
            `remove ${moving[1]} from m1`,
        ]);
        assert.deepEqual(report.moves, { "m0 -> m2": 1, "m1 -> m2": 1 });
        assert.equal(report.scanned, 4);
    });

    it("POST /moves runs the mover a bounded time at a time, each run going on from the last one's cursor, until done", async () => {
        const keys = Array.from({ length: 450 }, (_, i) => `bulk-${i}`);
        for (const key of keys) await stores.get(NAMES[jumpShard(key, 2)]!)!.write(key, { deleted: false, document: { key } }, 0);
        // No time at all: every run stops at its first chance, after one page (200 keys) or one shard.
        const stepwise = createShardRouter({
            keyField: "id",
            topology: () => topology,
            scatterBudgetMs: 5_000,
            maxBodyBytes: 1024,
            moveBudgetMs: 0,
        });
        const runs: { next?: { shard: string; after?: string }; done: boolean; scanned: number; copied: number }[] = [];
        let from: object | undefined;
        do {
            const r = await stepwise(new Request(`${BASE}/moves`, { method: "POST", ...(from && { body: JSON.stringify({ from }) }) }));
            assert.equal(r.status, 200);
            const run = (await r.json()) as (typeof runs)[number] & { mapVersion: number; nextMapVersion: number };
            assert.deepEqual([run.mapVersion, run.nextMapVersion], [1, 2]);
            runs.push(run);
            from = run.next;
        } while (!runs[runs.length - 1]!.done && runs.length < 10);

        const onM0 = keys.filter((k) => jumpShard(k, 2) === 0).length;
        assert.ok(onM0 > 200 && onM0 < 400, `${onM0} keys on m0: more than a page, less than two`);
        assert.deepEqual(
            runs.map((r) => r.next?.shard ?? "done"),
            ["m0", "m1", "m1", "done"],
        );
        assert.equal(
            runs[0]!.next!.after !== undefined && runs[1]!.next!.after === undefined,
            true,
            "a cursor within m0, then m1 from its start",
        );
        assert.equal(
            runs.reduce((n, r) => n + r.scanned, 0),
            keys.length,
            "every key read once over the runs",
        );
        const mustMove = keys.filter((k) => jumpShard(k, 3) === 2);
        assert.equal(
            runs.reduce((n, r) => n + r.copied, 0),
            mustMove.length,
        );
        assert.deepEqual((await stores.get("m2")!.list(undefined, 1000)).map((i) => i.id).sort(), [...mustMove].sort());
        for (const key of keys) assert.equal((await call("GET", `/items/${key}`)).status, 200, key);
    });

    it("POST /moves refuses a cursor naming no shard of the current map, and answers 409 when the router is not resharding", async () => {
        const bad = await call("POST", "/moves", { from: { shard: "m9" } });
        assert.equal(bad.status, 400);
        assert.match(((await bad.json()) as { detail: string }).detail, /from.shard must be a shard of map version 1, got "m9"/);
        assert.equal((await call("POST", "/moves", { from: { after: 3 } })).status, 400);
        topology = placements({ current: map(2, 3) }, (s) => stores.get(s.name)!);
        const idle = await call("POST", "/moves");
        assert.equal(idle.status, 409);
        assert.match(((await idle.json()) as { detail: string }).detail, /serves map version 2 alone: there is nothing to move/);
    });
});
