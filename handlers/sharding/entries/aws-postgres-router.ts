/** The router over N PostgreSQL databases, one per shard, on aws: only this cloud's sign-in code is bundled. */
import { postgresPool } from "../../stores/clients/postgres-pool";
import { awsPostgresSignIn } from "../../stores/clients/postgres-sign-in-aws";
import { postgresShardStore, shardTableSchema } from "../../stores/shards/postgres";
import { routerFunction } from "../router-function";

export const handler = routerFunction({
    locationKind: "postgres",
    openShard: (shard) => postgresShardStore(postgresPool(shard.location, shardTableSchema(), awsPostgresSignIn)),
});
