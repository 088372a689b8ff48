import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
import type { ShardingArgs } from "./args";
import type { AwsSharding } from "./aws";
import type { AzureSharding } from "./azure";
import type { GcpSharding } from "./gcp";
import { SHARDING_OUTPUTS, ShardingOutputs, ShardMapOutput, ShardOutput } from "./outputs";
import { resolveShardingArgs, ResolvedShardingArgs } from "./resolve";

export type {
    ShardArgs,
    ShardingArgs,
    ShardingAwsArgs,
    ShardingAzureArgs,
    ShardingGcpArgs,
    ShardingGeoArgs,
    ShardingReshardFromArgs,
} from "./args";
export { ShardingStrategy, ShardStoreKind } from "./args";
export type { ShardingOutputs, ShardMapEntry, ShardMapGeo, ShardMapOutput, ShardOutput } from "./outputs";
export type { AwsSharding, AzureSharding, GcpSharding };

const SHARDING: PatternDefinition<ShardingArgs, ResolvedShardingArgs, ShardingOutputs, AwsSharding, AzureSharding, GcpSharding> = {
    className: "Sharding",
    resolve: resolveShardingArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsSharding(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureSharding(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpSharding(...build),
    outputs: SHARDING_OUTPUTS,
};

/**
 * Sharding: items spread over shards by a key (jump hash, weighted rendezvous, ranges, or
 * geography with each shard pinned to a region), behind a router function that puts, gets and
 * deletes an item on its shard, says which shard a key is on, and fans a bounded query out to every
 * shard. The shards are one self-partitioning store per region (DynamoDB, Cosmos DB, Spanner) or
 * one PostgreSQL database each. The cloud is picked by the `cloud` arg or stack config.
 */
export class Sharding extends pulumi.ComponentResource implements ShardingOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** Base URL of the router (PUT/GET/DELETE /items/{key}, GET /shards/{key}, GET /items), no trailing slash. */
    declare readonly routerUrl: pulumi.Output<string>;
    /** Each shard: its name, region, the store holding it and the endpoint the router reaches it at. */
    declare readonly shards: pulumi.Output<ShardOutput[]>;
    /** The shard map the router routes by: version, strategy, shards in order (with bounds or weights), geo rules. */
    declare readonly shardMap: pulumi.Output<ShardMapOutput>;
    /** The key callers send when `auth` is `apiKey` (`Ocp-Apim-Subscription-Key` on Azure, `x-api-key` on GCP), a secret; "" with any other mode. */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args: ShardingArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(SHARDING, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, SHARDING, name, prepared));
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsSharding | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureSharding | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpSharding | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
