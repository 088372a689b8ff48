/** The router over N PostgreSQL databases, one per shard (any cloud: the settings say how to sign in). */
import { postgresPool } from "../../stores/clients/postgres-pool";
import { postgresShardStore, shardTableSchema } from "../../stores/shards/postgres";
import { routerFunction } from "../router-function";

export const handler = routerFunction({
    locationKind: "postgres",
    openShard: (shard) => postgresShardStore(postgresPool(shard.location, shardTableSchema())),
});
