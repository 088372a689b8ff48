import type * as pulumi from "@pulumi/pulumi";
import type { ShardMapDocument } from "../../handlers/sharding/settings-document";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedShardingArgs } from "./resolve";

/** One shard as the `shards` output reports it. */
export interface ShardOutput {
    readonly name: string;
    readonly region: string;
    /** The store holding it: a DynamoDB table, `account/database/container`, `instance/database`, or a PostgreSQL cluster/server/instance. */
    readonly store: string;
    /** Where the router reaches it: the store's endpoint (a Cosmos DB account endpoint, the database's private host), or its region's API. */
    readonly endpoint: string;
}

/** One shard in the map: its place in the routing, without the connection details. */
export interface ShardMapEntry {
    readonly name: string;
    readonly region?: string;
    readonly from?: string;
    readonly to?: string;
    readonly weight?: number;
}

/** With `geo`: the field naming an item's place, and the places mapped to regions. */
export interface ShardMapGeo {
    readonly field: string;
    readonly places?: Record<string, string>;
    readonly defaultRegion?: string;
}

/** The shard map as the router holds it (its settings document's `map`), without the connection details. */
export interface ShardMapOutput {
    readonly version: number;
    readonly strategy: string;
    readonly shards: ShardMapEntry[];
    /** With `range`: `lexical` or `numeric`, as the `rangeOrder` arg. */
    readonly rangeOrder?: string;
    readonly geo?: ShardMapGeo;
    /** While resharding (`reshardFrom`): the map the router moves to, its version one above. */
    readonly next?: ShardMapOutput;
}

/** The map the router is given, connections included: what each cloud writes into the router's settings. */
export type RouterMap = ShardMapDocument;

/** The outputs of a Sharding on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface ShardingOutputs {
    readonly routerUrl: pulumi.Output<string>;
    readonly shards: pulumi.Output<ShardOutput[]>;
    readonly shardMap: pulumi.Output<ShardMapOutput>;
    readonly apiKey: pulumi.Output<string>;
}

/** The keys of {@link ShardingOutputs}, registered as the component's outputs. */
export const SHARDING_OUTPUTS = ["routerUrl", "shards", "shardMap", "apiKey"] as const satisfies readonly (keyof ShardingOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type ShardingImplementation<T extends ShardingOutputs> = CloudBuilder<ResolvedShardingArgs, T>;
