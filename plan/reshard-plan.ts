/**
 * A resharding's plan over a key sample: each key routed by the routing library through the map
 * the router serves now and the map it moves to; the keys that change shard, per (from, to), as a
 * fraction of all; and the ideal, the fewest keys any router must move to reach the new map's
 * shard shares (for hash and rendezvous from the shares they are built to give: 1/(N+1) for one
 * shard added to N; for ranges from the shard sizes on this sample).
 */
import { shardChooser, type RoutingMap } from "../handlers/sharding/routing";
import type { PlannedMap } from "./reshard-maps";

export interface ShardMove {
    readonly from: string;
    readonly to: string;
    readonly keys: number;
    readonly fraction: number;
}

export interface ShardCount {
    readonly shard: string;
    readonly before: number;
    readonly after: number;
}

export interface ReshardPlan {
    readonly keys: number;
    readonly moved: number;
    readonly movedFraction: number;
    /** The fewest keys, as a fraction of all, a move to the new shares must take. */
    readonly idealFraction: number;
    /** `designed` (hash and rendezvous shares) or `sample` (range sizes on the sample). */
    readonly idealFrom: "designed" | "sample";
    /** movedFraction / idealFraction. */
    readonly ratio: number;
    /** 95 % Wilson interval of movedFraction: the sample is finite. */
    readonly interval: readonly [low: number, high: number];
    /** Largest first. */
    readonly moves: readonly ShardMove[];
    /** Keys on each shard of either map, before and after, in the maps' order. */
    readonly shards: readonly ShardCount[];
}

export function planReshard(before: PlannedMap, after: PlannedMap, keys: readonly string[]): ReshardPlan {
    const old = shardChooser(before.routing);
    const next = shardChooser(after.routing);
    const oldNames = before.routing.shards.map((s) => s.name);
    const nextNames = after.routing.shards.map((s) => s.name);
    const names = [...new Set([...oldNames, ...nextNames])];
    const counts = new Map(names.map((n) => [n, { before: 0, after: 0 }]));
    const moves = new Map<string, number>();
    for (const key of keys) {
        const from = oldNames[old(key)]!;
        const to = nextNames[next(key)]!;
        counts.get(from)!.before++;
        counts.get(to)!.after++;
        if (from !== to) moves.set(`${from}\u0000${to}`, (moves.get(`${from}\u0000${to}`) ?? 0) + 1);
    }
    const n = keys.length;
    const moved = [...moves.values()].reduce((a, b) => a + b, 0);
    const designed = designedShares(before.routing) && designedShares(after.routing);
    const idealFraction = designed
        ? distance(designedShares(before.routing)!, designedShares(after.routing)!)
        : distance(new Map(names.map((s) => [s, counts.get(s)!.before / n])), new Map(names.map((s) => [s, counts.get(s)!.after / n])));
    const movedFraction = moved / n;
    return {
        keys: n,
        moved,
        movedFraction,
        idealFraction,
        idealFrom: designed ? "designed" : "sample",
        ratio: idealFraction === 0 ? (moved === 0 ? 1 : Infinity) : movedFraction / idealFraction,
        interval: wilsonInterval(moved, n),
        moves: [...moves]
            .map(([pair, count]) => {
                const [from, to] = pair.split("\u0000") as [string, string];
                return { from, to, keys: count, fraction: count / n };
            })
            .sort((a, b) => b.keys - a.keys || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
        shards: names.map((shard) => ({ shard, ...counts.get(shard)! })),
    };
}

/** The share of keys each shard is built to get: equal under jump hash, by weight under rendezvous; none for ranges. */
function designedShares(map: RoutingMap): Map<string, number> | undefined {
    if (map.strategy !== "hash" && map.strategy !== "rendezvous") return undefined;
    const weight = (w: number | undefined) => (map.strategy === "hash" ? 1 : (w ?? 1));
    const total = map.shards.reduce((sum, s) => sum + weight(s.weight), 0);
    return new Map(map.shards.map((s) => [s.name, weight(s.weight) / total]));
}

/** Total variation distance: the share of keys that must change shard to turn one share vector into the other. */
function distance(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
    const shards = new Set([...a.keys(), ...b.keys()]);
    let sum = 0;
    for (const s of shards) sum += Math.abs((a.get(s) ?? 0) - (b.get(s) ?? 0));
    return sum / 2;
}

/** The 95 % Wilson score interval of a proportion `successes / n`. */
export function wilsonInterval(successes: number, n: number): readonly [low: number, high: number] {
    const z = 1.96;
    const p = successes / n;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
