/**
 * Jump consistent hash (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014, https://arxiv.org/abs/1406.2294): maps a 64-bit key to one of N buckets so that going from
 * N to N+1 moves exactly the keys that land in the new bucket, 1/(N+1) of them on average. Buckets
 * can only be added or removed at the end, so shards are numbered in the map's order.
 */
import { keyHash64 } from "./key-hash";
import { checkShardCount } from "./shard-count";

const MULTIPLIER = 2862933555777941757n;
const TWO_POW_31 = 2 ** 31;

/** The paper's `JumpConsistentHash(key, num_buckets)`, with the LCG in 64-bit unsigned arithmetic. */
export function jump(hash: bigint, buckets: number): number {
    checkShardCount(buckets);
    let key = BigInt.asUintN(64, hash);
    let b = -1;
    let j = 0;
    while (j < buckets) {
        b = j;
        key = BigInt.asUintN(64, key * MULTIPLIER + 1n);
        j = Math.floor((b + 1) * (TWO_POW_31 / (Number(key >> 33n) + 1)));
    }
    return b;
}

/** The shard of a string key: {@link jump} over its 64-bit MD5 prefix. */
export function jumpShard(key: string, shards: number): number {
    return jump(keyHash64(key), shards);
}
