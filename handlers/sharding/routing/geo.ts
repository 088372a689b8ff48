/**
 * Geographic sharding: the item's place (a country, a region name) picks a region, and the
 * region's shard holds the item, so data stays where residency rules want it. A place that names a
 * shard's region needs no entry; with several shards in one region, jump hash spreads among them.
 */
import { jumpShard } from "./jump";
import { UnroutableKeyError } from "./unroutable";

export interface RegionShard {
    readonly name: string;
    readonly region?: string;
}

export interface GeoRules {
    /** Place -> region. */
    readonly places?: Readonly<Record<string, string>>;
    /** The region of a place not listed; absent: such a place is refused. */
    readonly defaultRegion?: string;
}

/** What is wrong with the shards and rules; empty when every place and shard has a region. */
export function geoProblems(shards: readonly RegionShard[], rules: GeoRules): string[] {
    const regions = new Set(shards.map((s) => s.region).filter((r) => r !== undefined));
    const problems = shards.filter((s) => s.region === undefined).map((s) => `shard '${s.name}' needs a region with strategy geo`);
    for (const [place, region] of Object.entries(rules.places ?? {})) {
        if (!regions.has(region)) problems.push(`place '${place}' maps to region '${region}', which no shard is in`);
    }
    if (rules.defaultRegion !== undefined && !regions.has(rules.defaultRegion))
        problems.push(`default region '${rules.defaultRegion}' has no shard`);
    return problems;
}

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
