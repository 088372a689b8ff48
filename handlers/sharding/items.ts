/**
 * Reading and writing one item through the shard maps. Outside resharding a key has one shard.
 * While resharding, a key whose shard changes is written to its new shard only, and read from the
 * new shard, then the old one (the mover has not copied it yet), then the new one again: the mover
 * copies before it removes, so a key gone from the old shard is on the new one by then. A delete
 * leaves a tombstone on the new shard, so the mover's copy of an older value cannot bring it back.
 */
import { DocumentVersionConflictError, ShardStore, StoredDocument } from "../stores/shards/port";
import { PlacedShard, shardOf, Topology } from "./topology";

/** Where a key lives now: the shard to write, and the one to fall back to while it moves. */
export interface KeyRoute {
    readonly shard: PlacedShard;
    readonly mapVersion: number;
    /** While resharding, when the key's shard changes: its shard in the current map. */
    readonly movingFrom?: PlacedShard;
}

export function routeKey(topology: Topology, key: string, place: string | undefined): KeyRoute {
    const current = shardOf(topology.current, key, place);
    if (!topology.next) return { shard: current, mapVersion: topology.current.version };
    const next = shardOf(topology.next, key, place);
    return { shard: next, mapVersion: topology.next.version, ...(next.name !== current.name && { movingFrom: current }) };
}

/** The stored item (never a tombstone) and the shard that answered, or undefined. */
export async function readItem(route: KeyRoute, key: string): Promise<{ item: StoredDocument; shard: PlacedShard } | undefined> {
    const live = (item: StoredDocument | undefined, shard: PlacedShard) => (item && !item.deleted ? { item, shard } : undefined);
    const first = await route.shard.store.read(key);
    if (first || !route.movingFrom) return live(first, route.shard);
    const old = await route.movingFrom.store.read(key);
    if (old && !old.deleted) return { item: old, shard: route.movingFrom };
    return live(await route.shard.store.read(key), route.shard);
}

/** Times a write is tried again after losing a race for the version. */
const WRITE_ATTEMPTS = 8;

/** Stores `document` under `key` on the key's shard; `created` when nothing live was there. */
export async function putItem(
    route: KeyRoute,
    key: string,
    document: Record<string, unknown>,
): Promise<{ item: StoredDocument; created: boolean }> {
    return retryConflicts(async () => {
        const stored = await route.shard.store.read(key);
        const item = await route.shard.store.write(key, { deleted: false, document }, stored?.version ?? 0);
        const created = stored === undefined ? !(await liveOn(route.movingFrom?.store, key)) : stored.deleted;
        return { item, created };
    });
}

/** Deletes `key`; false when it was not there. */
export async function deleteItem(route: KeyRoute, key: string): Promise<boolean> {
    if (!route.movingFrom) return route.shard.store.remove(key);
    return retryConflicts(async () => {
        const stored = await route.shard.store.read(key);
        if (stored?.deleted) return false;
        if (!stored && !(await liveOn(route.movingFrom?.store, key))) return false;
        await route.shard.store.write(key, { deleted: true }, stored?.version ?? 0);
        return true;
    });
}

async function liveOn(store: ShardStore | undefined, key: string): Promise<boolean> {
    const item = await store?.read(key);
    return item !== undefined && !item.deleted;
}

async function retryConflicts<T>(attempt: () => Promise<T>): Promise<T> {
    for (let i = 1; ; i++) {
        try {
            return await attempt();
        } catch (err) {
            if (!(err instanceof DocumentVersionConflictError) || i >= WRITE_ATTEMPTS) throw err;
        }
    }
}
