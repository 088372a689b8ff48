import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
import type { GatewayAggregationArgs } from "./args";
import type { AwsGatewayAggregation } from "./aws";
import type { AzureGatewayAggregation } from "./azure";
import type { GcpGatewayAggregation } from "./gcp";
import { GATEWAY_AGGREGATION_OUTPUTS, GatewayAggregationOutputs } from "./outputs";
import { resolveGatewayAggregationArgs, ResolvedGatewayAggregationArgs } from "./resolve";

export type {
    GatewayAggregationArgs,
    GatewayAggregationAwsArgs,
    GatewayAggregationAzureArgs,
    GatewayAggregationBackend,
    GatewayAggregationGcpArgs,
} from "./args";
export type { GatewayAggregationOutputs } from "./outputs";
export type { AwsGatewayAggregation, AzureGatewayAggregation, GcpGatewayAggregation };

const GATEWAY_AGGREGATION: PatternDefinition<
    GatewayAggregationArgs,
    ResolvedGatewayAggregationArgs,
    GatewayAggregationOutputs,
    AwsGatewayAggregation,
    AzureGatewayAggregation,
    GcpGatewayAggregation
> = {
    className: "GatewayAggregation",
    resolve: resolveGatewayAggregationArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsGatewayAggregation(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureGatewayAggregation(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpGatewayAggregation(...build),
    outputs: GATEWAY_AGGREGATION_OUTPUTS,
};

/**
 * Gateway Aggregation: one public endpoint that calls several backend services in parallel and
 * answers with their merged JSON. The cloud is picked by the `cloud` arg or stack config; only
 * that cloud's implementation (and provider SDK) is loaded.
 */
export class GatewayAggregation extends pulumi.ComponentResource implements GatewayAggregationOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** The public endpoint: base URL of the front door, without a trailing slash; append the route's path. */
    declare readonly url: pulumi.Output<string>;
    /** The cloud's name of the aggregator function (Lambda, function app, Cloud Function). */
    declare readonly functionName: pulumi.Output<string>;
    /**
     * The key callers send when `auth` is `apiKey` (`Ocp-Apim-Subscription-Key` on Azure, `x-api-key` on GCP),
     * a secret; "" with any other mode.
     */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args: GatewayAggregationArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(GATEWAY_AGGREGATION, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, GATEWAY_AGGREGATION, name, prepared));
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsGatewayAggregation | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureGatewayAggregation | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpGatewayAggregation | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
