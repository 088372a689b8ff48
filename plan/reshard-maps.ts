/**
 * The two shard maps `cloud-patterns reshard` compares, resolved by the Sharding component's own
 * args check (components/sharding/resolve.ts), so the plan is of a resharding the component would
 * deploy: the map the router serves now (`reshardFrom`) and the one it moves to.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { CONFIG_NAMESPACE, Cloud } from "../components/cloud";
import type { ShardingArgs, ShardingReshardFromArgs } from "../components/sharding/args";
import { DEFAULT_MAP_VERSION, resolveShardingArgs, type ResolvedShard } from "../components/sharding/resolve";
import type { RoutingMap } from "../handlers/sharding/routing";
import { configFor, PROVIDER_DEFAULTS, selectStacks } from "./compare";

/** The name the component's errors give: the plan's, not a deployed component's. */
const COMPONENT = "reshard";

/** One map of the plan: what the router routes by, and its version. */
export interface PlannedMap {
    readonly version: number;
    readonly routing: RoutingMap;
}

export interface ReshardMaps {
    /** Where the maps came from: the stack, or the files. */
    readonly source: string;
    readonly before: PlannedMap;
    readonly after: PlannedMap;
    /** With `range` and `rangeOrder: numeric`: keys are numbers. */
    readonly numeric: boolean;
}

/** A map as a file gives it: the Sharding args that shape the map, and nothing else. */
type MapArgs = Pick<ShardingArgs, "strategy" | "shardCount" | "shards" | "rangeOrder" | "mapVersion">;
const MAP_FIELDS = ["strategy", "shardCount", "shards", "rangeOrder", "mapVersion"];

export interface MapSources {
    /** The stack whose Sharding is resharded. */
    readonly stack?: string;
    readonly stacksDir?: string;
    readonly project?: string;
    /** With `--stack`: the cloud, when the stack file picks none. @default aws with map files */
    readonly cloud?: Cloud;
    /** A map file (JSON or YAML): the map the router serves now. */
    readonly from?: string;
    /** A map file: the map to move to. */
    readonly to?: string;
    /** The map to move to: this many shards, the strategy kept. */
    readonly shardCount?: number;
}

export function reshardMaps(sources: MapSources): ReshardMaps {
    if (sources.stack !== undefined && sources.from !== undefined)
        throw new Error("reshard: give --stack or --from, not both (the stack's Sharding is the map the router serves now)");
    if (sources.to !== undefined && sources.shardCount !== undefined) throw new Error("reshard: give --to or --shard-count, not both");
    const target =
        sources.to !== undefined
            ? readMapFile(sources.to)
            : sources.shardCount !== undefined
              ? { shardCount: sources.shardCount }
              : undefined;
    if (sources.stack !== undefined) return fromStack(sources, sources.stack, target);
    if (sources.from === undefined) throw new Error("reshard: give --stack NAME, or --from FILE with --to FILE or --shard-count N");
    if (target === undefined) throw new Error(`reshard: give the map to move to: --to FILE or --shard-count N`);
    const current = readMapFile(sources.from);
    const cloud = sources.cloud ?? Cloud.Aws;
    return resolveMaps(
        `${sources.from} -> ${sources.to ?? `${sources.shardCount} shards`}`,
        cloud,
        PROVIDER_DEFAULTS[cloud],
        moving(current, target),
    );
}

function fromStack(sources: MapSources, name: string, target: MapArgs | undefined): ReshardMaps {
    const [stack] = selectStacks({ stacksDir: sources.stacksDir, stacks: [name], project: sources.project });
    const key = `${CONFIG_NAMESPACE}:sharding`;
    const raw = stack.config[key];
    if (raw === undefined) throw new Error(`${stack.path}: the stack configures no Sharding (${key})`);
    const picked = stack.config[`${CONFIG_NAMESPACE}:cloud`];
    const cloud = sources.cloud ?? (picked as Cloud | undefined);
    if (cloud === undefined || !Object.values(Cloud).includes(cloud))
        throw new Error(
            `${stack.path}: reshard needs the stack's cloud (${CONFIG_NAMESPACE}:cloud or --cloud): aws, azure or gcp, got ${picked}`,
        );
    const args = configValue(raw) as ShardingArgs;
    const config = configFor(stack, cloud);
    if (args.reshardFrom !== undefined) {
        if (target !== undefined)
            throw new Error(
                `${stack.path}: the stack is resharding already (reshardFrom): its shards are the map it moves to; drop --to and --shard-count`,
            );
        return resolveMaps(`stack ${name}`, cloud, config, args);
    }
    if (target === undefined)
        throw new Error(
            `${stack.path}: give the map to move to (--to FILE or --shard-count N): the stack is not resharding (no reshardFrom)`,
        );
    return resolveMaps(`stack ${name}`, cloud, config, { ...args, ...moving(args, target) });
}

/** The args of a resharding from `current` to `target`, as a stack in the middle of one sets them. */
function moving(current: MapArgs, target: MapArgs): ShardingArgs {
    if ((current.rangeOrder ?? "lexical") !== (target.rangeOrder ?? current.rangeOrder ?? "lexical"))
        throw new Error(`reshard: both maps compare keys alike: rangeOrder ${current.rangeOrder ?? "lexical"} and ${target.rangeOrder}`);
    const version = current.mapVersion ?? DEFAULT_MAP_VERSION;
    const reshardFrom: ShardingReshardFromArgs = {
        mapVersion: version,
        ...(current.strategy !== undefined && { strategy: current.strategy }),
        ...(current.shardCount !== undefined && { shardCount: current.shardCount }),
        ...(current.shards !== undefined && { shards: current.shards }),
    };
    return {
        strategy: target.strategy ?? current.strategy,
        ...(current.rangeOrder !== undefined && { rangeOrder: current.rangeOrder }),
        ...(target.shardCount !== undefined && { shardCount: target.shardCount }),
        ...(target.shards !== undefined && { shards: target.shards }),
        mapVersion: target.mapVersion ?? version + 1,
        reshardFrom,
    };
}

function resolveMaps(source: string, cloud: Cloud, config: Record<string, string>, args: ShardingArgs): ReshardMaps {
    // The component reads the provider's region from config: the stack's, or the plan's default.
    pulumi.runtime.setAllConfig(config);
    const { reshardFrom, ...target } = args;
    const current: ShardingArgs = { ...target, ...reshardFrom!, shards: reshardFrom!.shards, shardCount: reshardFrom!.shardCount };
    const alone = [current, target].map((a) => resolveShardingArgs(COMPONENT, cloud, { ...a, mapVersion: undefined }));
    const routed = alone.map((r) => JSON.stringify([r.strategy, r.shards.map(routingShard)]));
    if (routed[0] === routed[1])
        throw new Error(
            `reshard (${source}): the map to move to routes every key as the current one (${describe(alone[0]!)}): nothing to move`,
        );
    const resolved = resolveShardingArgs(COMPONENT, cloud, args);
    if (resolved.strategy === "geo")
        throw new Error("reshard: strategy 'geo' places items by a field, not by their key: a key sample cannot plan it");
    const previous = resolved.previous!;
    const routing = (strategy: RoutingMap["strategy"], shards: readonly ResolvedShard[]): RoutingMap => ({
        strategy,
        shards: shards.map(routingShard),
    });
    return {
        source,
        before: { version: previous.mapVersion, routing: routing(previous.strategy, previous.shards) },
        after: { version: resolved.mapVersion, routing: routing(resolved.strategy, resolved.shards) },
        numeric: resolved.rangeOrder === "numeric",
    };
}

const describe = (r: ReturnType<typeof resolveShardingArgs>) => `${r.strategy}, ${r.shards.map((s) => s.name).join(", ")}`;

function routingShard(shard: ResolvedShard) {
    return {
        name: shard.name,
        ...(shard.from !== undefined && { from: shard.from }),
        ...(shard.to !== undefined && { to: shard.to }),
        ...(shard.weight !== undefined && { weight: shard.weight }),
    };
}

function readMapFile(path: string): MapArgs {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new Error(`${path}: cannot read the map file: ${(err as Error).message}`, { cause: err });
    }
    let doc: unknown;
    try {
        doc = yaml.load(text, { filename: path });
    } catch (err) {
        throw new Error(`${path}: the map file is not valid JSON or YAML: ${(err as Error).message}`, { cause: err });
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
        throw new Error(
            `${path}: a map file must be an object { strategy?, shardCount | shards, rangeOrder?, mapVersion? }, got ${JSON.stringify(doc)}`,
        );
    const unknown = Object.keys(doc).filter((k) => !MAP_FIELDS.includes(k));
    if (unknown.length > 0) throw new Error(`${path}: a map file has only ${MAP_FIELDS.join(", ")}, got ${unknown.join(", ")}`);
    return doc as MapArgs;
}

/** A stack value as the runtime holds it: structured values as JSON, a plain string as itself (the component's check names it). */
function configValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
