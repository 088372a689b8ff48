/** The router over shards in Spanner (GCP), over its REST API with the function's service account: one database, or one per region with geo. */
import { SpannerDatabase, spannerEmulatorOptions, spannerRestDatabase } from "../../stores/clients/spanner-rest";
import { spannerShardStore } from "../../stores/shards/spanner";
import { routerFunction } from "../router-function";

const databases = new Map<string, SpannerDatabase>();

/** One client per database, so the shards in it share its sessions. */
function databaseFor(location: { readonly projectId: string; readonly instance: string; readonly database: string }): SpannerDatabase {
    const name = `projects/${location.projectId}/instances/${location.instance}/databases/${location.database}`;
    const database = databases.get(name) ?? spannerRestDatabase(name, spannerEmulatorOptions());
    databases.set(name, database);
    return database;
}

export const handler = routerFunction({
    locationKind: "spanner",
    openShard: (shard) => spannerShardStore(databaseFor(shard.location), shard.location.table, shard.name),
});
