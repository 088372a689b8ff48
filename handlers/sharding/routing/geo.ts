/**
 * Geographic sharding: the item's place (a country, a region name) picks a region, and the
 * region's shard holds the item, so data stays where residency rules want it. A place that names a
 * shard's region needs no entry; with several shards in one region, jump hash spreads among them.
 */
import { geoProblems, type GeoRules, type RegionShard } from "./geo-rules";
import { jumpShard } from "./jump";
import { UnroutableKeyError } from "./unroutable";

export { geoProblems, type GeoRules, type RegionShard } from "./geo-rules";

/** A chooser over checked shards: (key, place) -> shard index. */
export function geoChooser(shards: readonly RegionShard[], rules: GeoRules): (key: string, place: string | undefined) => number {
    const problems = geoProblems(shards, rules);
    if (problems.length > 0) throw new RangeError(problems.join("; "));
    const byRegion = new Map<string, number[]>();
    shards.forEach((s, i) => byRegion.set(s.region!, [...(byRegion.get(s.region!) ?? []), i]));
    const places = new Map(Object.entries(rules.places ?? {}));
    return (key, place) => {
        if (place === undefined || place === "") throw new UnroutableKeyError("the item's place is missing; geo sharding routes by it");
        const region = places.get(place) ?? (byRegion.has(place) ? place : rules.defaultRegion);
        const candidates = region === undefined ? undefined : byRegion.get(region);
        if (!candidates) throw new UnroutableKeyError(`place ${JSON.stringify(place)} maps to no region with a shard`);
        return candidates.length === 1 ? candidates[0]! : candidates[jumpShard(key, candidates.length)]!;
    };
}
