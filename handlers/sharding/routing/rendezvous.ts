/**
 * Weighted rendezvous (highest random weight) hashing: each shard scores the key, the highest
 * score wins. With score `-weight / ln(u)`, u uniform in (0, 1) from hashing key and shard, a shard
 * wins a share of keys proportional to its weight (Schindelhauer & Schomaker, "Weighted Distributed
 * Hash Tables", 2005). Adding or removing any shard moves only the keys it wins or held. O(N) a lookup.
 */
import { keyHash64 } from "./key-hash";

export interface WeightedShard {
    readonly name: string;
    /** @default 1 */
    readonly weight?: number;
}

/** murmur3's 32-bit finaliser: every input bit flips about half of the output bits. */
function fmix32(h: number): number {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}

/** FNV-1a of the shard name: the shard's seed, fixed by its name so order does not matter. */
function nameSeed(name: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    return h >>> 0;
}

/** A chooser over fixed shards; returns the winning shard's index. */
export function rendezvousChooser(shards: readonly WeightedShard[]): (key: string) => number {
    if (shards.length === 0) throw new RangeError("rendezvous needs at least one shard");
    const seeds = shards.map((s) => nameSeed(s.name));
    const weights = shards.map((s) => {
        const w = s.weight ?? 1;
        if (!(w > 0) || !Number.isFinite(w)) throw new RangeError(`shard '${s.name}' weight must be a finite number > 0, got ${w}`);
        return w;
    });
    return (key) => {
        const hash = keyHash64(key);
        const hi = Number(hash >> 32n);
        const lo = Number(hash & 0xffffffffn);
        let best = 0;
        let bestScore = -Infinity;
        for (let i = 0; i < seeds.length; i++) {
            const a = fmix32(hi ^ seeds[i]!);
            const b = fmix32((lo ^ Math.imul(seeds[i]!, 0x9e3779b1) ^ a) >>> 0);
            // 52 random bits, strictly inside (0, 1): ln never sees 0 or 1.
            const u = ((a >>> 6) * 2 ** 26 + (b >>> 6) + 0.5) / 2 ** 52;
            const score = -weights[i]! / Math.log(u);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    };
}

/** One lookup; build {@link rendezvousChooser} once to route many keys. */
export function rendezvous(key: string, shards: readonly WeightedShard[]): number {
    return rendezvousChooser(shards)(key);
}
