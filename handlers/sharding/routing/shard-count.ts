/** Every strategy needs at least one shard, counted in whole shards. */
export function checkShardCount(shards: number): void {
    if (!Number.isSafeInteger(shards) || shards < 1) throw new RangeError(`shard count must be a whole number >= 1, got ${shards}`);
}
