/**
 * Geographic sharding's rules and their check, apart from the chooser: pure (no hashing), so the
 * component checks its args with the router's own rule without loading the router's code.
 */

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
