import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import type { EventSourcingAwsPostgresArgs, EventSourcingAzurePostgresArgs, EventSourcingGcpPostgresArgs } from "../event-sourcing/args";
import type { FrontDoorAuthArgs } from "../platform/front-door-auth";

/** How a key finds its shard (handlers/sharding/settings-document.ts has the algorithms). */
export const ShardingStrategy = {
    /** Jump consistent hash: adding a shard at the end moves 1/(N+1) of the keys, all onto it. */
    Hash: "hash",
    /** Weighted rendezvous (highest random weight): any shard may be added or removed; `weight` sets its share. */
    Rendezvous: "rendezvous",
    /** Ordered half-open ranges `[from, to)` over the key, covering it without gaps or overlaps. */
    Range: "range",
    /** A field of the item names a place; the shard pinned to that place's region holds it (data residency). */
    Geo: "geo",
} as const;
export type ShardingStrategy = (typeof ShardingStrategy)[keyof typeof ShardingStrategy];

/** Where the shards live. */
export const ShardStoreKind = {
    /**
     * One store whose service partitions by itself, keyed (shard, key) so it stays even: a DynamoDB
     * table (AWS), a Cosmos DB container with hierarchical partition keys `/shard`, `/id` (Azure), a
     * Spanner database (GCP); one such store per region the shards name.
     */
    Managed: "managed",
    /**
     * One PostgreSQL database per shard: Aurora Serverless v2 (AWS), Azure Database for PostgreSQL
     * Flexible Server (Azure), Cloud SQL ENTERPRISE (GCP); private, on the network given in `<cloud>.postgres`.
     */
    Postgres: "postgres",
} as const;
export type ShardStoreKind = (typeof ShardStoreKind)[keyof typeof ShardStoreKind];

/** How `range` compares keys with the shards' bounds. */
export const RangeOrder = {
    /** As strings, by UTF-16 code unit (as JavaScript's `<` does): `"10" < "9"`. */
    Lexical: "lexical",
    /** As numbers: the bounds are decimal numbers written as strings (`"100"`), and every key must be one. */
    Numeric: "numeric",
} as const;
export type RangeOrder = (typeof RangeOrder)[keyof typeof RangeOrder];

/** One shard. */
export interface ShardArgs {
    /** Lower case letters, digits and hyphens, starting with a letter, at most 20 (it is part of the shard's physical names). */
    readonly name: string;
    /**
     * The cloud region the shard's store is created in, through a provider for that region. Required
     * with `geo`. @default the provider's region (`aws:region`, `azure.location` or `azure-native:location`, `gcp.region` or `gcp:region`)
     */
    readonly region?: string;
    /** With `range`: the inclusive lower bound. Absent on the first shard only (from the lowest key). */
    readonly from?: string;
    /** With `range`: the exclusive upper bound; the next shard's `from`. Absent on the last shard only. */
    readonly to?: string;
    /** With `rendezvous`: the shard's relative share of the keys. @default 1 */
    readonly weight?: number;
}

/** With `geo`: which item field names the place, and the region each place's items live in. */
export interface ShardingGeoArgs {
    /** A top-level field of the item (PUT body) naming its place; GET and DELETE give it as `?<field>=`. */
    readonly field: string;
    /** Place -> region (a region some shard is pinned to), e.g. `{ DE: "eu-central-1" }`. A place that is a shard's region needs no entry. @default none */
    readonly places?: Record<string, string>;
    /** The region of a place not listed. @default none: such an item is refused (422) */
    readonly defaultRegion?: string;
}

/**
 * While resharding: the shard map the router serves now. The component then writes it as the
 * router's `map` and the args' shards as its `next`: writes go to a key's shard in the next map,
 * reads fall back to its shard in this one until the mover has copied it (docs/patterns/sharding.md, "Resharding").
 */
export interface ShardingReshardFromArgs {
    /** The version of the map the router serves now; the args' `mapVersion` must be this plus one. */
    readonly mapVersion: number;
    /** The strategy of the map the router serves now. @default the args' `strategy` */
    readonly strategy?: ShardingStrategy;
    /** The shard count of the map the router serves now (`hash`, `rendezvous`). Give this or `shards`. @default none */
    readonly shardCount?: number;
    /** The shards of the map the router serves now, in their order; each must stay in the args' `shards`. @default none */
    readonly shards?: ShardArgs[];
}

export interface ShardingAwsArgs {
    /** With `store: "postgres"`, required: the private network of the databases (as Event Sourcing's); the router function takes the command function's place. */
    readonly postgres?: EventSourcingAwsPostgresArgs;
    /** Steady-state requests per second the HTTP API stage lets through. @default 50 */
    readonly throttlingRateLimit?: number;
    /** Burst the stage lets through. @default 100 */
    readonly throttlingBurstLimit?: number;
}

export interface ShardingAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** Where the router and the shards without a region go. @default the provider's `azure-native:location` */
    readonly location?: string;
    /** API Management publisher e-mail. @default "platform@example.com" */
    readonly publisherEmail?: pulumi.Input<string>;
    /** API Management publisher name. @default "cloud-patterns" */
    readonly publisherName?: pulumi.Input<string>;
    /** With `store: "postgres"`, required: the private network of the servers (as Event Sourcing's); the router app is integrated into `functionSubnetId`. */
    readonly postgres?: EventSourcingAzurePostgresArgs;
}

export interface ShardingGcpArgs {
    /** Region of the router and of the shards without a region. @default the provider's `gcp:region` */
    readonly region?: string;
    /** Spanner processing units of each instance (100 is the smallest). @default 100 */
    readonly processingUnits?: number;
    /** With `store: "postgres"`, required: the VPC of the instances (as Event Sourcing's); a VPC is global, so shards may be in any region. */
    readonly postgres?: EventSourcingGcpPostgresArgs;
    /** Enable the Google APIs the component needs in the provider's project. @default true */
    readonly enableApis?: boolean;
}

/**
 * Args of {@link Sharding}. What decides which resources exist (the strategy, the shards and their
 * regions, the store) is a plain value, checked before any resource is declared.
 */
export interface ShardingArgs {
    /** @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    /** The item field holding the partition key; it is also the `{key}` of the routes. @default "id" */
    readonly key?: string;
    /** `hash` (jump consistent hash), `rendezvous` (weighted), `range` or `geo`. @default "hash" */
    readonly strategy?: ShardingStrategy;
    /**
     * How many shards, named `shard-0` ... `shard-<N-1>`, in the provider's region: from 1 to 64, for
     * `hash` and `rendezvous`. Give this or `shards`, not both. @default none: `shards` is required then
     */
    readonly shardCount?: number;
    /**
     * The shards, each with its name, region, range bounds or weight: from 1 to 64, in order (the
     * order is the routing's: jump hash numbers them, range needs them ascending). Give this or `shardCount`.
     * @default none: `shardCount` is required then
     */
    readonly shards?: ShardArgs[];
    /** With `range`: whether keys and bounds compare as strings or as numbers. @default "lexical" */
    readonly rangeOrder?: RangeOrder;
    /** With `geo`, required: the field naming an item's place, and places mapped to regions. */
    readonly geo?: ShardingGeoArgs;
    /** `managed` (the cloud's self-partitioning store) or `postgres` (one database per shard). @default "managed" */
    readonly store?: ShardStoreKind;
    /**
     * The shard map's version, reported by `GET /shards/{key}` and in the `shardMap` output; raise it
     * by one at every resharding (see docs/patterns/sharding.md). @default 1
     */
    readonly mapVersion?: number;
    /**
     * While resharding: the map the router serves now (its version, shards and strategy), the args'
     * shards being the map it moves to. Deploy with it, run the mover, then deploy without it.
     * @default none: the router serves the args' map alone
     */
    readonly reshardFrom?: ShardingReshardFromArgs;
    /**
     * Who may call the router: `{ mode: "iam" }` (AWS SigV4), `{ mode: "apiKey" }` (a key the component
     * creates, in the secret output `apiKey`), `{ mode: "jwt", issuer, audience }` or `{ mode: "none" }`.
     * @default iam on AWS, apiKey on Azure and GCP: the router writes, so callers authenticate with what `pulumi up` leaves them
     */
    readonly auth?: FrontDoorAuthArgs;
    /** Days of point-in-time recovery (DynamoDB; Cosmos DB keeps 7 or 30) and of PostgreSQL backups. From 1 to 35. @default 7 */
    readonly retentionDays?: number;
    /** Scatter-gather's time budget per `GET /items` request, in ms. @default 2000 */
    readonly scatterBudgetMs?: number;
    /** Router function memory in MB. @default 256 */
    readonly memoryMb?: number;
    /** Function log retention in days. @default 30 */
    readonly logRetentionDays?: number;
    /** Tags (labels on GCP) on every child that takes them. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly aws?: ShardingAwsArgs;
    readonly azure?: ShardingAzureArgs;
    readonly gcp?: ShardingGcpArgs;
}
