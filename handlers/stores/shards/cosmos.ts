/**
 * Shards in one Cosmos DB container with hierarchical partition keys `[/shard, /id]`: a shard is
 * the key prefix [shard], which Cosmos DB spreads over physical partitions as it grows, and a
 * query filtered on `shard` is routed to those partitions only. Reads and versioned writes are the
 * write model's (stores/documents/cosmos.ts), keyed [shard, id], with tombstones kept until the
 * mover purges them. Each item also carries `sortKey`, its id's UTF-8 bytes in hex: the service
 * compares strings its own way, but hex digits order the same under any string comparison, so
 * listing by it is byte order, within each partition key range and in the merge of their answers.
 */
import type { CosmosRestContainer as Container, PartitionKey } from "../clients/cosmos-rest";
import { fromItem, toItem } from "../documents/item";
import { cosmosDocumentStore } from "../documents/cosmos";
import type { ShardStore, StoredDocument } from "./port";

interface CosmosShardItem {
    id: string;
    version: number;
    deleted: boolean;
    body: string;
    _etag?: string;
}

function sortKey(id: string): string {
    return Buffer.from(id, "utf8").toString("hex");
}

/** A create, replace or delete that Cosmos DB refused for the item's state (exists, moved, gone). */
async function unlessRefused(send: () => Promise<unknown>): Promise<boolean> {
    try {
        await send();
        return true;
    } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === 404 || code === 409 || code === 412) return false;
        throw err;
    }
}

export function cosmosShardStore(container: Container, shard: string): ShardStore {
    const partitionKey = (id: string): PartitionKey => [shard, id];
    const fields = (id: string) => ({ shard, sortKey: sortKey(id) });
    const documents = cosmosDocumentStore(container, { partitionKey, fields, tombstones: "keep" });
    return {
        ...documents,
        async list(after, limit) {
            // Across the shard's partitions: each range answers its first `limit` by sortKey, merged here.
            const perRange = await container.queryEachRange<CosmosShardItem & { sortKey: string }>(
                {
                    query:
                        "SELECT TOP @limit c.id, c.version, c.deleted, c.body, c.sortKey FROM c WHERE c.shard = @shard" +
                        (after === undefined ? "" : " AND c.sortKey > @after") +
                        " ORDER BY c.sortKey",
                    parameters: [
                        { name: "@shard", value: shard },
                        { name: "@limit", value: limit },
                        ...(after === undefined ? [] : [{ name: "@after", value: sortKey(after) }]),
                    ],
                },
                { maxItemCount: limit },
            );
            return perRange
                .flat()
                .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
                .slice(0, limit)
                .map(fromItem);
        },
        copy: (item: StoredDocument) =>
            unlessRefused(() => container.items.create({ ...fields(item.id), ...toItem(item.id, item, item.version) })),
        async remove(id, version) {
            const stored = container.item(id, partitionKey(id));
            if (version === undefined) return unlessRefused(() => stored.delete());
            const { resource } = await stored.read<CosmosShardItem>();
            if (resource?.version !== version || resource._etag === undefined) return false;
            return unlessRefused(() => stored.delete({ accessCondition: { type: "IfMatch", condition: resource._etag! } }));
        },
    };
}
