import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import { buildOnCloud, childrenOn } from "../pattern-component";
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

/** The outputs of a Gateway Aggregation on every cloud (documented on the component class, whose properties the schema reads). */
export interface GatewayAggregationOutputs {
    readonly url: pulumi.Output<string>;
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

/**
 * Gateway Aggregation: one public endpoint that calls several backend services in parallel and
 * answers with their merged JSON. The cloud is picked by the `cloud` arg or stack config; only
 * that cloud's implementation (and provider SDK) is loaded.
 */
export class GatewayAggregation extends pulumi.ComponentResource implements GatewayAggregationOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** The public endpoint: base URL of the front door, without a trailing slash; append the route's path. */
    readonly url: pulumi.Output<string>;
    /** The cloud's name of the aggregator function (Lambda, function app, Cloud Function). */
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: GatewayAggregationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("GatewayAggregation", args?.cloud);
        const plan = planGatewayAggregation(name, args);
        bundleEarly(name, plan, cloud);
        super("cloud-patterns:index:GatewayAggregation", name, {}, opts);
        this.cloud = cloud;
        const outputs = buildOnCloud<GatewayAggregationOutputs, AwsGatewayAggregation, AzureGatewayAggregation, GcpGatewayAggregation>(this, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsGatewayAggregation(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureGatewayAggregation(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpGatewayAggregation(name, plan, o),
        });
        this.url = outputs.url;
        this.functionName = outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
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
