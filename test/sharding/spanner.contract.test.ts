import type { SpannerDatabase } from "../../handlers/stores/clients/spanner-rest";
import { spannerShardStore } from "../../handlers/stores/shards/spanner";
import { spannerShardDdl } from "../../handlers/sharding/settings-document";
import { usePeer } from "../support/peers";
import { shardStoreContract } from "./shard-store.contract";

// The managed store: every shard in one table, primary key (Shard, Id), as settings-document.ts gives it.
shardStoreContract("Spanner (gcloud emulator over REST; one table, primary key (Shard, Id))", () => {
    const peer = usePeer("spanner");
    let database: Promise<SpannerDatabase> | undefined;
    return {
        async open(name) {
            database ??= peer.createDatabase(`shards-${peer.namespace}`.slice(0, 30), [spannerShardDdl("Items")]);
            return spannerShardStore(await database, "Items", name);
        },
        // The emulator goes with the test run; sessions hold nothing to release.
        close: async () => undefined,
    };
});
