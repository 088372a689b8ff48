/**
 * The shard map every cloud writes into the router's settings and reports as outputs, built from
 * the resolved args and each shard's location. Loads no cloud SDK.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    ROUTER_ROUTES,
    type RouterSettingsDocument,
    type ShardLocationDocument,
    type Strategy,
} from "../../handlers/sharding/settings-document";
import type { FunctionArgs, SettingsInput } from "../platform/types";
import type { ShardMapOutput, ShardOutput } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, type ResolvedShard, type ResolvedShardingArgs } from "./resolve";

/** The router's routes, as the front doors expose them. */
export const ROUTES: readonly string[] = Object.values(ROUTER_ROUTES);

/** One shard's store as a cloud built it: where the router finds it, and how the outputs name it. */
export interface BuiltShard {
    readonly location: SettingsInput<ShardLocationDocument>;
    readonly store: pulumi.Input<string>;
    readonly endpoint: pulumi.Input<string>;
}

/** A shard's place in the routing: its region when it was given (geo needs it), its bounds or weight. */
function entry(shard: ResolvedShard) {
    return {
        name: shard.name,
        ...(shard.pinned && { region: shard.region }),
        ...(shard.from !== undefined && { from: shard.from }),
        ...(shard.to !== undefined && { to: shard.to }),
        ...(shard.weight !== undefined && { weight: shard.weight }),
    };
}

/** The `shardMap` output: what the router routes by; while resharding, the map it serves with the one it moves to as `next`. */
export function shardMapOutput(resolved: ResolvedShardingArgs): ShardMapOutput {
    const target = outputMap(resolved, resolved.strategy, resolved.shards, resolved.mapVersion);
    const { previous } = resolved;
    return previous ? { ...outputMap(resolved, previous.strategy, previous.shards, previous.mapVersion), next: target } : target;
}

function outputMap(resolved: ResolvedShardingArgs, strategy: string, shards: readonly ResolvedShard[], version: number): ShardMapOutput {
    return {
        version,
        strategy,
        // Bounds as the args gave them (strings): Pulumi's schema has no string-or-number type.
        shards: shards.map((shard) => ({
            name: shard.name,
            ...(shard.pinned && { region: shard.region }),
            ...(shard.from !== undefined && { from: String(shard.from) }),
            ...(shard.to !== undefined && { to: String(shard.to) }),
            ...(shard.weight !== undefined && { weight: shard.weight }),
        })),
        ...(resolved.rangeOrder && { rangeOrder: resolved.rangeOrder }),
        ...(resolved.geo && { geo: resolved.geo }),
    };
}

/**
 * The router's CLOUD_PATTERNS_CONFIG: the key, the store kind, the map with each shard's location;
 * while resharding, the map it serves now as `map` and the args' map as `next` (settings-document.ts).
 */
export function routerSettings(resolved: ResolvedShardingArgs, built: readonly BuiltShard[]): SettingsInput<RouterSettingsDocument> {
    // A shard of both maps is one store: the previous map's shards are all among resolved.shards.
    const locations = new Map(resolved.shards.map((shard, i) => [shard.name, built[i].location]));
    const map = (strategy: Strategy, shards: readonly ResolvedShard[], version: number) => ({
        version,
        strategy,
        shards: shards.map((shard) => ({ ...entry(shard), location: locations.get(shard.name)! })),
        ...(resolved.geo && { geo: resolved.geo }),
    });
    const target = map(resolved.strategy, resolved.shards, resolved.mapVersion);
    const { previous } = resolved;
    return {
        key: resolved.key,
        store: resolved.store,
        map: previous ? map(previous.strategy, previous.shards, previous.mapVersion) : target,
        ...(previous && { next: target }),
        scatterBudgetMs: resolved.scatterBudgetMs,
    } satisfies SettingsInput<RouterSettingsDocument>;
}

/** The router function's args every cloud gives it; each cloud adds its network and placement. */
export function routerFunctionArgs(resolved: ResolvedShardingArgs, built: readonly BuiltShard[]): FunctionArgs {
    return {
        bundle: resolved.router,
        memoryMb: resolved.memoryMb,
        timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
        settings: routerSettings(resolved, built),
        tags: resolved.tags,
        logRetentionDays: resolved.logRetentionDays,
    };
}

/** The `shards` output. */
export function shardsOutput(resolved: ResolvedShardingArgs, built: readonly BuiltShard[]): pulumi.Output<ShardOutput[]> {
    return pulumi.all(
        resolved.shards.map((shard, i) =>
            pulumi
                .all([built[i].store, built[i].endpoint])
                .apply(([store, endpoint]) => ({ name: shard.name, region: shard.region, store, endpoint })),
        ),
    );
}

/** The shards of each region, in the order of `resolved.regions`. */
export function shardsByRegion(resolved: ResolvedShardingArgs): ReadonlyMap<string, readonly ResolvedShard[]> {
    return new Map(resolved.regions.map((region) => [region, resolved.shards.filter((s) => s.region === region)]));
}

/**
 * The name prefix of a region's children: the component's name in the home region (so adding a
 * region never renames what is there), `<name>-<region>` elsewhere.
 */
export function regionalName(name: string, resolved: ResolvedShardingArgs, region: string): string {
    return region === resolved.homeRegion ? name : `${name}-${region}`;
}

/**
 * The options each region's children take: the component's own in the home region; elsewhere a
 * provider of that region (`${name}-provider-<region>`), made once by `provider`, so each shard's
 * resources are created in its own region.
 */
export function regionalOptions(
    name: string,
    resolved: ResolvedShardingArgs,
    opts: pulumi.CustomResourceOptions,
    provider: (name: string, region: string) => pulumi.ProviderResource,
): { readonly providers: pulumi.ProviderResource[]; readonly optionsIn: (region: string) => pulumi.CustomResourceOptions } {
    const byRegion = new Map(
        resolved.regions
            .filter((region) => region !== resolved.homeRegion)
            .map((region) => [region, provider(`${name}-provider-${region}`, region)] as const),
    );
    return {
        providers: [...byRegion.values()],
        optionsIn: (region) => {
            const regionProvider = byRegion.get(region);
            return regionProvider ? pulumi.mergeOptions(opts, { provider: regionProvider }) : opts;
        },
    };
}
