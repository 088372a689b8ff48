/** The router over N PostgreSQL databases, one per shard, on gcp: only this cloud's sign-in code is bundled. */
import { postgresPool } from "../../stores/clients/postgres-pool";
import { gcpPostgresSignIn } from "../../stores/clients/postgres-sign-in-gcp";
import { postgresShardStore, shardTableSchema } from "../../stores/shards/postgres";
import { routerFunction } from "../router-function";

export const handler = routerFunction({
    locationKind: "postgres",
    openShard: (shard) => postgresShardStore(postgresPool(shard.location, shardTableSchema(), gcpPostgresSignIn)),
});
