/** One chooser for any strategy of a shard map: (key, place) -> the shard's index in the map. */
import type { Strategy } from "../settings-document";
import { geoChooser, geoProblems, GeoRules } from "./geo";
import { jumpShard } from "./jump";
import { rangeChooser, rangeProblems, RangeShard } from "./range";
import { rendezvousChooser } from "./rendezvous";

export type { Strategy };

export interface RoutingShard extends RangeShard {
    readonly region?: string;
    readonly weight?: number;
}

export interface RoutingMap {
    readonly strategy: Strategy;
    readonly shards: readonly RoutingShard[];
    readonly geo?: GeoRules;
}

export type Chooser = (key: string, place?: string) => number;

/** What keeps the map from routing every key to exactly one shard; empty when it can. */
export function mapProblems(map: RoutingMap): string[] {
    if (map.shards.length === 0) return ["a shard map needs at least one shard"];
    switch (map.strategy) {
        case "range":
            return rangeProblems(map.shards);
        case "geo":
            return geoProblems(map.shards, map.geo ?? {});
        default:
            return [];
    }
}

export function shardChooser(map: RoutingMap): Chooser {
    switch (map.strategy) {
        case "hash": {
            const n = map.shards.length;
            return (key) => jumpShard(key, n);
        }
        case "rendezvous":
            return rendezvousChooser(map.shards);
        case "range":
            return rangeChooser(map.shards);
        case "geo":
            return geoChooser(map.shards, map.geo ?? {});
    }
}
