import { postgresShardStore, shardTableSchema } from "../../handlers/stores/shards/postgres";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// PGlite has one database: each shard is a table of its own in the suite's schema.
shardStoreContract("PostgreSQL (PGlite, embedded; a table per shard)", () => {
    const peer = usePeer("pglite");
    return {
        async open(name) {
            const table = `${peer.schema}.shard_${name}`;
            await peer.db.exec(shardTableSchema(table));
            return postgresShardStore(peer.db, table);
        },
    };
});
