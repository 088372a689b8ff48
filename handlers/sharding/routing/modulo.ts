/**
 * The catalogue's router, `int(md5(key).hexdigest(), 16) % N`: even, but a change of N moves about
 * N/(N+1) of all keys. Kept as the baseline the other strategies are measured against.
 */
import { keyHash128 } from "./key-hash";
import { checkShardCount } from "./shard-count";

export function md5Modulo(key: string, shards: number): number {
    checkShardCount(shards);
    return Number(keyHash128(key) % BigInt(shards));
}
