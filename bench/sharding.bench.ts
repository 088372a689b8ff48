/**
 * Sharding: what each routing strategy costs and moves, all measured in this run.
 * - Keys moved on N -> N+1 (400k keys), as a ratio to the ideal 1/(N+1) with its 95 % interval, for N = 4, 10, 100.
 * - Balance: fullest shard over the mean, 1M keys, N = 10.
 * - Lookups per second of each router, as a ratio to the catalogue's md5 % N timed in the same rounds (N = 10, 100).
 * - Scatter-gather over K PostgreSQL shard tables on PGlite through the router, as a ratio to one
 *   item's read through the same router.
 */
import { PGlite } from "@electric-sql/pglite";
import { createShardRouter } from "../handlers/sharding/router";
import { jumpShard, md5Modulo, rangeChooser, rendezvousChooser } from "../handlers/sharding/routing";
import { placements } from "../handlers/sharding/topology";
import { postgresShardStore, shardTableSchema } from "../handlers/stores/shards/postgres";
import { wilsonInterval } from "../plan/reshard-plan";

const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}` }));
/** Range shards over `k<i>` keys, cut evenly by key text. */
function evenRanges(n: number, keys: readonly string[]) {
    const sorted = [...keys].sort();
    return Array.from({ length: n }, (_, i) => ({
        name: `s${i}`,
        ...(i > 0 && { from: sorted[Math.floor((i * sorted.length) / n)]! }),
        ...(i < n - 1 && { to: sorted[Math.floor(((i + 1) * sorted.length) / n)]! }),
    }));
}

type Router = (n: number) => (key: string) => number;
const ROUTERS: Record<string, Router> = {
    "md5 % N": (n) => (k) => md5Modulo(k, n),
    "jump hash": (n) => (k) => jumpShard(k, n),
    rendezvous: (n) => rendezvousChooser(names(n)),
};

/** A range chooser that answers the shard's name: a split shifts the indices of the shards after it. */
function rangeByName(shards: ReturnType<typeof evenRanges>): (key: string) => string {
    const choose = rangeChooser(shards);
    return (k) => shards[choose(k)]!.name;
}

/** Keys a sample moves: the fraction, and its 95 % Wilson interval (the sample is finite; the ideal is a probability). */
function moved<T>(
    keys: readonly string[],
    before: (k: string) => T,
    after: (k: string) => T,
): { fraction: number; low: number; high: number } {
    let count = 0;
    for (const k of keys) if (before(k) !== after(k)) count++;
    const [low, high] = wilsonInterval(count, keys.length);
    return { fraction: count / keys.length, low, high };
}

/**
 * The sample: 400k keys. At N = 100 about 4,000 of them move, so the ratio's 95 % interval is about
 * ±3 %; ±1 % there would take ~3.9M keys (1.96² (1-p) / (p 0.01²)), minutes of BigInt jump hashing
 * on a shared machine. The interval is printed beside each ratio instead.
 */
const MOVE_SAMPLE = 400_000;

function keysMoved(): void {
    const keys = Array.from({ length: MOVE_SAMPLE }, (_, i) => `k${i}`);
    console.log(`keys moved on N -> N+1 (${MOVE_SAMPLE / 1000}k keys), fraction, ratio to the ideal 1/(N+1) and its 95 % interval:`);
    for (const n of [4, 10, 100]) {
        const ideal = 1 / (n + 1);
        const rows: [string, ReturnType<typeof moved>][] = Object.entries(ROUTERS).map(([name, r]) => [name, moved(keys, r(n), r(n + 1))]);
        rows.push(["range, re-cut evenly", moved(keys, rangeByName(evenRanges(n, keys)), rangeByName(evenRanges(n + 1, keys)))]);
        // Split the first shard in two at its middle key: only its upper half moves.
        const split = evenRanges(n, keys);
        const sorted = [...keys].sort();
        const middle = sorted[Math.floor(sorted.length / (2 * n))]!;
        const splitMap = [
            { ...split[0]!, to: middle },
            { name: "new", from: middle, ...(split[0]!.to !== undefined && { to: split[0]!.to }) },
            ...split.slice(1),
        ];
        rows.push(["range, split one shard", moved(keys, rangeByName(split), rangeByName(splitMap))]);
        for (const [name, { fraction, low, high }] of rows)
            console.log(
                `  N=${String(n).padEnd(3)} ${name.padEnd(24)} ${fraction.toFixed(4)}  x${(fraction / ideal).toFixed(3)} of ideal ${ideal.toFixed(4)}` +
                    `  [${(low / ideal).toFixed(3)}, ${(high / ideal).toFixed(3)}]`,
            );
    }
}

function balance(): void {
    console.log("balance, 1M keys over N = 10: fullest shard / mean");
    for (const [name, r] of Object.entries(ROUTERS)) {
        const choose = r(10);
        const counts = new Array<number>(10).fill(0);
        for (let i = 0; i < 1_000_000; i++) counts[choose(`k${i}`)]!++;
        console.log(`  ${name.padEnd(12)} ${(Math.max(...counts) / 100_000).toFixed(4)}`);
    }
}

/** Timed rounds per router; the median is reported, every router timed once in each round, the baseline among them. */
const LOOKUP_ROUNDS = 5;

function lookups(): void {
    const keys = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);
    let sink = 0;
    const pass = (choose: (k: string) => number) => {
        const start = performance.now();
        for (const k of keys) sink += choose(k);
        return keys.length / ((performance.now() - start) / 1000);
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`lookups per second, N = 10 and N = 100, median of ${LOOKUP_ROUNDS} interleaved rounds after a warm-up, ratio to md5 % N:`);
    for (const n of [10, 100]) {
        const routers: [string, (k: string) => number][] = [
            ...Object.entries(ROUTERS).map(([k, r]) => [k, r(n)] as [string, (k: string) => number]),
            ["range", rangeChooser(evenRanges(n, keys))],
        ];
        // Every router, the baseline too, runs the whole key set once before any is timed, so none is timed cold.
        for (const [, choose] of routers) pass(choose);
        const rates = routers.map(() => [] as number[]);
        for (let round = 0; round < LOOKUP_ROUNDS; round++) routers.forEach(([, choose], i) => rates[i]!.push(pass(choose)));
        const floor = median(rates[0]!);
        routers.forEach(([name], i) => {
            const perSecond = median(rates[i]!);
            console.log(
                `  N=${String(n).padEnd(3)} ${name.padEnd(12)} ${Math.round(perSecond).toLocaleString("en").padStart(10)}/s  x${(perSecond / floor).toFixed(2)}`,
            );
        });
    }
    if (sink < 0) console.log(sink);
}

async function scatter(): Promise<void> {
    const db = await PGlite.create();
    console.log("scatter-gather over K shards on PGlite (200 items a shard, limit 100), ratio to one item's read:");
    for (const k of [1, 4, 16]) {
        await db.exec(`create schema b${k}`);
        const stores = new Map<string, ReturnType<typeof postgresShardStore>>();
        for (const { name } of names(k)) {
            const table = `b${k}.items_${name}`;
            await db.exec(shardTableSchema(table));
            stores.set(name, postgresShardStore(db, table));
        }
        const topology = placements({ current: { version: 1, strategy: "hash", shards: names(k) } }, (s) => stores.get(s.name)!);
        const router = createShardRouter({ keyField: "id", topology: () => topology, scatterBudgetMs: 25_000, maxBodyBytes: 4096 });
        const call = (method: string, path: string, body?: object) =>
            router(new Request(`http://bench${path}`, { method, ...(body && { body: JSON.stringify(body) }) }));
        for (let i = 0; i < 200 * k; i++) await call("PUT", `/items/k${i}`, { n: i, even: i % 2 === 0 });
        const time = async (path: string, runs: number) => {
            await (await call("GET", path)).text();
            const start = performance.now();
            for (let i = 0; i < runs; i++) await (await call("GET", path)).text();
            return (performance.now() - start) / runs;
        };
        const one = await time("/items/k7", 200);
        const all = await time("/items?filter=even:true&limit=100", 20);
        console.log(`  K=${String(k).padEnd(3)} one read ${one.toFixed(2)} ms, scatter ${all.toFixed(2)} ms  x${(all / one).toFixed(1)}`);
    }
    await db.close();
}

async function main(): Promise<void> {
    keysMoved();
    balance();
    lookups();
    await scatter();
}

void main();
