/**
 * Write sharding for a store whose partition key would otherwise be the shard name: a shard's
 * items are spread over {@link WRITE_SHARDS} partition key values `<shard>#<n>`, n from the id's
 * hash, so no shard is one hot partition key (a DynamoDB partition serves at most 1,000 write and
 * 3,000 read units a second: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-sharding.html).
 * A point read or write goes to its id's partition; listing a shard in id order merges its partitions.
 */
import { keyHash64 } from "../../sharding/routing/key-hash";
import type { StoredDocument } from "./port";

/** Partition key values per shard: the write units one shard can take are this many partitions' worth. */
export const WRITE_SHARDS = 8;

/** The partition key value of `id` on `shard`; shard names have no `#`, so `<shard>#` prefixes only its own. */
export function writeShardOf(shard: string, id: string): string {
    return `${shard}#${keyHash64(id) % BigInt(WRITE_SHARDS)}`;
}

/** Every partition key value of `shard`, in order. */
export function writeShardsOf(shard: string): string[] {
    return Array.from({ length: WRITE_SHARDS }, (_, n) => `${shard}#${n}`);
}

/** One partition's items with id > `after`, in id order: at most `limit`, and whether it has no more. */
export type PartitionPage = (
    partition: string,
    after: string | undefined,
    limit: number,
) => Promise<{ items: StoredDocument[]; done: boolean }>;

/** UTF-8 byte order, the order DynamoDB keeps string sort keys in. */
function byBytes(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * The first `limit` items with id > `after` across `partitions`, in id order: a merge that reads
 * each partition a slice at a time, and reads one again only when its slice is spent, so a page
 * costs about `limit` items read, not `limit` per partition.
 */
export async function listPartitions(
    partitions: readonly string[],
    page: PartitionPage,
    after: string | undefined,
    limit: number,
): Promise<StoredDocument[]> {
    const slice = Math.max(1, Math.ceil(limit / partitions.length));
    const heads = partitions.map((partition) => ({ partition, after, buffer: [] as StoredDocument[], done: false }));
    const merged: StoredDocument[] = [];
    while (merged.length < limit) {
        // A partition with nothing buffered may hold the next id: read it before choosing.
        await Promise.all(
            heads
                .filter((h) => !h.done && h.buffer.length === 0)
                .map(async (h) => {
                    const { items, done } = await page(h.partition, h.after, slice);
                    h.buffer = items;
                    h.done = done;
                    if (items.length > 0) h.after = items[items.length - 1]!.id;
                }),
        );
        let next: (typeof heads)[number] | undefined;
        for (const h of heads) if (h.buffer.length > 0 && (!next || byBytes(h.buffer[0]!.id, next.buffer[0]!.id) < 0)) next = h;
        if (!next) break;
        merged.push(next.buffer.shift()!);
    }
    return merged;
}
