/**
 * Online resharding end to end on a real peer (PostgreSQL shard tables on PGlite), through the
 * router's HTTP API: 3 -> 4 shards by jump hash while writers create, update and delete keys and a
 * reader checks every acknowledged key the whole time. The routers' maps change as a deployment
 * would change them: v1; then v1 with v2 as the next map while the mover runs (POST /moves, run after
 * run from each one's cursor); then v2 alone.
 */
import { strict as assert } from "node:assert";
import { purgeTombstones, type MoveRun } from "../../handlers/sharding/mover";
import { createShardRouter } from "../../handlers/sharding/router";
import { jumpShard } from "../../handlers/sharding/routing";
import { placements, type Topology } from "../../handlers/sharding/topology";
import type { ShardStore } from "../../handlers/stores/shards/port";
import { postgresShardStore, shardTableSchema } from "../../handlers/stores/shards/postgres";
import { usePeer } from "../support/peers";

const BASE = "http://router.test";

/**
 * PGlite answers in-process, so a chain of awaits on it may never leave the microtask queue: the
 * mover would run from its first key to its last before any writer or reader got a turn, and the
 * move would never be seen half done. Each store call here first waits for a turn of the event
 * loop, so writers, the reader and the mover interleave as they would over a network.
 */
function takingTurns(store: ShardStore): ShardStore {
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    return {
        read: async (id) => (await turn(), store.read(id)),
        write: async (id, next, expected) => (await turn(), store.write(id, next, expected)),
        list: async (after, limit) => (await turn(), store.list(after, limit)),
        copy: async (item) => (await turn(), store.copy(item)),
        remove: async (id, version) => (await turn(), store.remove(id, version)),
    };
}
const WRITERS = 4;
const KEYS_PER_WRITER = 150;

describe("sharding: online resharding 3 -> 4 shards under concurrent writes (PGlite)", function () {
    this.timeout(300_000);
    const peer = usePeer("pglite");
    const names = ["s0", "s1", "s2", "s3"];
    const stores = new Map<string, ShardStore>();
    const map = (version: number, n: number) => ({
        version,
        strategy: "hash" as const,
        shards: names.slice(0, n).map((name) => ({ name })),
    });

    before(async () => {
        for (const name of names) {
            const table = `${peer.schema}.reshard_${name}`;
            await peer.db.exec(shardTableSchema(table));
            stores.set(name, takingTurns(postgresShardStore(peer.db, table)));
        }
    });

    it("moves only the keys jump hash gives the new shard, keeps every acknowledged key readable, and loses or duplicates none", async () => {
        const open = (s: { name: string }) => stores.get(s.name)!;
        let topology: Topology = placements({ current: map(1, 3) }, open);
        // moveBudgetMs 0: every POST /moves stops at its first chance, so the move takes many runs, each from the last one's cursor.
        const router = createShardRouter({
            keyField: "id",
            topology: () => topology,
            scatterBudgetMs: 10_000,
            maxBodyBytes: 4096,
            moveBudgetMs: 0,
        });
        const call = async (method: string, key: string, body?: object) =>
            router(new Request(`${BASE}/items/${encodeURIComponent(key)}`, { method, ...(body && { body: JSON.stringify(body) }) }));

        /** Acknowledged state: key -> last value written, or null once deleted. */
        const acknowledged = new Map<string, number | null>();
        /** Keys with a write in flight: their value may be either one, so only the writer checks them. */
        const inFlight = new Set<string>();
        const violations: string[] = [];
        let stop = false;

        /** Each writer owns its keys and writes them one at a time, so it knows each one's value. */
        const writer = async (w: number) => {
            for (let n = 0; !stop; n++) {
                // PGlite answers in-process, so an await here may never leave the microtask queue:
                // without a turn of the event loop the timers and the mover would starve.
                await new Promise((resolve) => setImmediate(resolve));
                // New keys up to KEYS_PER_WRITER, then updates of its own keys.
                const key = `w${w}-${n < KEYS_PER_WRITER ? n : n % KEYS_PER_WRITER}`;
                // A deleted key is created again.
                const existed = acknowledged.get(key) !== undefined && acknowledged.get(key) !== null;
                inFlight.add(key);
                const put = await call("PUT", key, { value: n });
                if (put.status !== (existed ? 200 : 201)) violations.push(`PUT ${key}: ${put.status}`);
                acknowledged.set(key, n);
                inFlight.delete(key);
                if (n % 5 === 4) {
                    const victim = `w${w}-${(n - 2) % KEYS_PER_WRITER}`;
                    if (acknowledged.get(victim) === null) continue;
                    inFlight.add(victim);
                    const r = await call("DELETE", victim);
                    if (r.status !== 204) violations.push(`DELETE ${victim}: ${r.status}`);
                    acknowledged.set(victim, null);
                    inFlight.delete(victim);
                    const gone = await call("GET", victim);
                    if (gone.status !== 404) violations.push(`deleted ${victim} read back ${gone.status}`);
                }
            }
        };

        let reads = 0;
        /** Reads made while the mover ran, and those of them the key's old shard answered (the dual read). */
        let moving = false;
        let readsWhileMoving = 0;
        let readsFromOldShard = 0;
        /** Reads a sample of settled keys, round after round, so every phase of the move is seen. */
        const reader = async () => {
            while (!stop) {
                const keys = [...acknowledged.keys()];
                for (let i = 0; i < 25 && keys.length > 0; i++) {
                    const key = keys[(reads * 7919 + i * 104729) % keys.length]!;
                    const value = acknowledged.get(key);
                    if (inFlight.has(key)) continue;
                    const duringMove = moving;
                    const r = await call("GET", key);
                    reads++;
                    if (duringMove && moving) readsWhileMoving++;
                    // A write may have begun meanwhile: only a key still settled is judged.
                    if (inFlight.has(key) || acknowledged.get(key) !== value) continue;
                    const body = r.status === 200 ? ((await r.json()) as { shard: string; item: { value: number } }) : undefined;
                    if (duringMove && body && jumpShard(key, 4) === 3 && body.shard !== names[3]) readsFromOldShard++;
                    const ok = value === null ? r.status === 404 : body?.item.value === value;
                    if (!ok)
                        violations.push(
                            `GET ${key} (acknowledged ${value}) in map v${(topology.next ?? topology.current).version}: ${r.status}`,
                        );
                }
                await new Promise((resolve) => setImmediate(resolve));
            }
        };

        const running = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), reader()];
        // Every key created: the writers now update and delete keys the mover is moving.
        while (acknowledged.size < WRITERS * KEYS_PER_WRITER) await new Promise((resolve) => setTimeout(resolve, 20));

        // The deployment that starts resharding: both maps, writes to the new one.
        topology = placements({ current: map(1, 3), next: map(2, 4) }, open);
        const before = new Map([...acknowledged.keys()].map((k) => [k, jumpShard(k, 3)]));
        moving = true;
        const report = { scanned: 0, copied: 0, superseded: 0, tombstones: 0, moves: {} as Record<string, number> };
        let runs = 0;
        for (let from: MoveRun["next"], done = false; !done; runs++) {
            const r = await router(new Request(`${BASE}/moves`, { method: "POST", ...(from && { body: JSON.stringify({ from }) }) }));
            assert.equal(r.status, 200);
            const run = (await r.json()) as MoveRun & { done: boolean };
            for (const field of ["scanned", "copied", "superseded", "tombstones"] as const) report[field] += run[field];
            for (const [move, n] of Object.entries(run.moves)) report.moves[move] = (report.moves[move] ?? 0) + n;
            ({ next: from, done } = run);
        }
        moving = false;
        // The deployment that ends it: the version flips.
        topology = placements({ current: map(2, 4) }, open);
        const purged = await purgeTombstones(topology.current);
        const readsBeforeStop = reads;
        while (reads < readsBeforeStop + 200) await new Promise((resolve) => setTimeout(resolve, 20));
        stop = true;
        await Promise.all(running);

        assert.deepEqual(violations, []);
        assert.ok(readsWhileMoving > 0, `the reader ran while the mover did (${readsWhileMoving} reads)`);
        assert.ok(report.superseded > 0, "some key was written on its new shard while the mover was on its way to it");
        assert.ok(readsFromOldShard > 0, `some key not yet copied was read from its old shard (${readsFromOldShard} reads)`);
        // Every move went onto the new shard, as jump hash promises.
        assert.deepEqual(Object.keys(report.moves).sort(), ["s0 -> s3", "s1 -> s3", "s2 -> s3"]);
        const mustMove = [...before.keys()].filter((k) => jumpShard(k, 4) === 3).length;
        assert.ok(report.copied + report.superseded + report.tombstones <= report.scanned);
        assert.ok(report.copied <= mustMove, `copied ${report.copied}, but only ${mustMove} keys of v1 move`);
        console.log(
            `      moved ${report.copied} of ${report.scanned} scanned (${((100 * report.copied) / report.scanned).toFixed(1)} %, ideal 25 %); ` +
                `${report.superseded} superseded, ${report.tombstones + purged} tombstones dropped; ${reads} reads checked, ` +
                `${readsWhileMoving} while moving, ${readsFromOldShard} of them from the old shard; ${runs} runs of POST /moves`,
        );

        // None lost or duplicated: each live key on exactly its v2 shard, nothing else anywhere.
        const live = [...acknowledged].filter(([, v]) => v !== null).map(([k]) => k);
        const stored = new Map<string, string[]>();
        for (const name of names) {
            for (const item of await stores.get(name)!.list(undefined, 100_000)) {
                assert.equal(item.deleted, false, `tombstone ${item.id} left on ${name}`);
                stored.set(item.id, [...(stored.get(item.id) ?? []), name]);
            }
        }
        assert.deepEqual([...stored.keys()].sort(), [...live].sort());
        for (const key of live) assert.deepEqual(stored.get(key), [names[jumpShard(key, 4)]], `${key} is on ${stored.get(key)}`);
        for (const [key, value] of acknowledged) {
            const r = await call("GET", key);
            if (value === null) assert.equal(r.status, 404, key);
            else assert.equal(((await r.json()) as { item: { value: number } }).item.value, value, key);
        }
        const scatter = (await (await router(new Request(`${BASE}/items?limit=1000`))).json()) as {
            items: { key: string }[];
            partial: boolean;
        };
        assert.ok(live.length <= 1000, "the scatter check reads every key");
        assert.deepEqual(scatter.items.map((i) => i.key).sort(), [...live].sort());
    });
});
