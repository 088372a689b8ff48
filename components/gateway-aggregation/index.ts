/**
 * Gateway Aggregation: one public endpoint that calls several backend services in parallel and
 * answers with their merged JSON. The cloud is picked by the `cloud` arg or stack config; only
 * that cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import type { GatewayAggregationArgs } from "./args";
import type { AwsGatewayAggregation } from "./aws";
import type { AzureGatewayAggregation } from "./azure";
import type { GcpGatewayAggregation } from "./gcp";
import { bundleEarly, GatewayAggregationPlan, planGatewayAggregation } from "./plan";

export type {
    GatewayAggregationArgs,
    GatewayAggregationAwsArgs,
    GatewayAggregationAzureArgs,
    GatewayAggregationBackend,
    GatewayAggregationGcpArgs,
} from "./args";
export type { AwsGatewayAggregation, AzureGatewayAggregation, GcpGatewayAggregation };

/** The outputs of a Gateway Aggregation on every cloud. */
export interface GatewayAggregationOutputs {
    /** The public endpoint: base URL of the front door, without a trailing slash; append the route's path. */
    readonly url: pulumi.Output<string>;
    /** The cloud's name of the aggregator function (Lambda, function app, Cloud Function). */
    readonly functionName: pulumi.Output<string>;
}

/**
 * One cloud's implementation. The type parameter's bound is the compile-time check that every
 * cloud returns the same outputs.
 */
export type GatewayAggregationImplementation<T extends GatewayAggregationOutputs> = (
    name: string,
    plan: GatewayAggregationPlan,
    opts: pulumi.CustomResourceOptions,
) => T;

export class GatewayAggregation extends pulumi.ComponentResource implements GatewayAggregationOutputs {
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly cloud: Cloud;
    /** The AWS children (HTTP API, Lambda...), when deployed to AWS. */
    readonly aws?: AwsGatewayAggregation;
    /** The Azure children (API Management, function app...), when deployed to Azure. */
    readonly azure?: AzureGatewayAggregation;
    /** The GCP children (API Gateway, Cloud Function...), when deployed to GCP. */
    readonly gcp?: GcpGatewayAggregation;

    constructor(name: string, args: GatewayAggregationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("GatewayAggregation", args?.cloud);
        const plan = planGatewayAggregation(name, args);
        bundleEarly(name, plan, cloud);
        super("cloud-patterns:index:GatewayAggregation", name, {}, opts);
        this.cloud = cloud;

        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        let outputs: GatewayAggregationOutputs;
        // Lazy requires: an AWS stack never loads @pulumi/azure-native or @pulumi/gcp.
        switch (cloud) {
            case Cloud.Aws:
                outputs = this.aws = (require("./aws") as typeof import("./aws")).createAwsGatewayAggregation(name, plan, childOpts);
                break;
            case Cloud.Azure:
                outputs = this.azure = (require("./azure") as typeof import("./azure")).createAzureGatewayAggregation(name, plan, childOpts);
                break;
            case Cloud.Gcp:
                outputs = this.gcp = (require("./gcp") as typeof import("./gcp")).createGcpGatewayAggregation(name, plan, childOpts);
                break;
        }
        this.url = outputs.url;
        this.functionName = outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
    }
}
