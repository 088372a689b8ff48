import { PartitionKeyDefinitionVersion, PartitionKeyKind } from "@azure/cosmos";
import { cosmosShardStore } from "../../handlers/stores/shards/cosmos";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// The managed store on Azure: every shard in one container keyed [shard, id], as components/sharding/azure.ts
// creates it (SHARD_PARTITION_KEY). What this proves and what it does not:
// - @vercel/cosmosdb-server accepts the MultiHash definition but partitions by its first path (/shard) only,
//   so the adapter's point reads, conditions and queries are checked, not Cosmos DB's hierarchical routing.
// - It compares strings by UTF-16 code unit, so ORDER BY c.id fails the byte-order case here; the adapter
//   orders by `sortKey` (hex of the id's UTF-8 bytes), whose order no string comparison can change.
// - It has no OFFSET/LIMIT; the page size is TOP @limit, which Cosmos DB takes too.
shardStoreContract("Cosmos DB (@vercel/cosmosdb-server; one container, partition key [/shard, /id])", () => {
    const peer = usePeer("cosmos");
    let client: ReturnType<typeof peer.client> | undefined;
    return {
        async open(name) {
            client ??= peer.client();
            const { database } = await client.databases.createIfNotExists({ id: `shards-${peer.namespace}` });
            const { container } = await database.containers.createIfNotExists({
                id: "items",
                partitionKey: { paths: ["/shard", "/id"], kind: PartitionKeyKind.MultiHash, version: PartitionKeyDefinitionVersion.V2 },
            });
            return cosmosShardStore(peer.rest().database(database.id).container(container.id), name);
        },
        close: async () => client?.dispose(),
    };
});
