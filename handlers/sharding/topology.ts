/**
 * The shard maps a router serves, with each shard's store opened: the current map and, while
 * resharding, the next one. Both maps share one store per shard name, so a shard in both is one store.
 */
import type { ShardStore } from "../stores/shards/port";
import { mapProblems, shardChooser, type Chooser, type RoutingMap } from "./routing/chooser";

export interface PlacedShard {
    readonly name: string;
    readonly region?: string;
    readonly store: ShardStore;
}

/** One map version: its shards in order and the chooser that indexes them. */
export interface Placement {
    readonly version: number;
    readonly shards: readonly PlacedShard[];
    readonly choose: Chooser;
    /** With geo: the item field that holds the place. */
    readonly placeField?: string;
}

export interface Topology {
    readonly current: Placement;
    /** Present while resharding. */
    readonly next?: Placement;
}

export interface VersionedMap<S extends { readonly name: string; readonly region?: string }> extends RoutingMap {
    readonly version: number;
    readonly shards: readonly S[];
    readonly geo?: RoutingMap["geo"] & { readonly field: string };
}

/** Opens each shard once by name; throws the map's problems (a gap, a shard without a region) first. */
export function placements<S extends { readonly name: string; readonly region?: string }>(
    maps: { readonly current: VersionedMap<S>; readonly next?: VersionedMap<S> },
    open: (shard: S) => ShardStore,
): Topology {
    const stores = new Map<string, ShardStore>();
    const place = (map: VersionedMap<S>): Placement => {
        const problems = mapProblems(map);
        if (problems.length > 0) throw new RangeError(`shard map version ${map.version}: ${problems.join("; ")}`);
        return {
            version: map.version,
            shards: map.shards.map((shard) => {
                const store = stores.get(shard.name) ?? open(shard);
                stores.set(shard.name, store);
                return { name: shard.name, ...(shard.region !== undefined && { region: shard.region }), store };
            }),
            choose: shardChooser(map),
            ...(map.geo && { placeField: map.geo.field }),
        };
    };
    return { current: place(maps.current), ...(maps.next && { next: place(maps.next) }) };
}

/** The shard of `key` in `placement`. */
export function shardOf(placement: Placement, key: string, place: string | undefined): PlacedShard {
    return placement.shards[placement.choose(key, place)]!;
}
