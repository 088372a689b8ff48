/**
 * Gateway Aggregation: one public endpoint that calls several backend services in parallel and
 * answers with their merged JSON. The cloud is picked by the `cloud` arg or stack config; only
 * that cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveCloud } from "../cloud";
import { PatternComponent } from "../pattern-component";
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

export class GatewayAggregation
    extends PatternComponent<GatewayAggregationOutputs, AwsGatewayAggregation, AzureGatewayAggregation, GcpGatewayAggregation>
    implements GatewayAggregationOutputs
{
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: GatewayAggregationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("GatewayAggregation", args?.cloud);
        const plan = planGatewayAggregation(name, args);
        bundleEarly(name, plan, cloud);
        super("GatewayAggregation", name, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsGatewayAggregation(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureGatewayAggregation(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpGatewayAggregation(name, plan, o),
        }, opts);
        this.url = this.outputs.url;
        this.functionName = this.outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
    }
}
