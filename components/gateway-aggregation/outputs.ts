import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedGatewayAggregationArgs } from "./resolve";

/** The outputs of a Gateway Aggregation on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface GatewayAggregationOutputs {
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly apiKey: pulumi.Output<string>;
}

/** The keys of {@link GatewayAggregationOutputs}, registered as the component's outputs. */
export const GATEWAY_AGGREGATION_OUTPUTS = [
    "url",
    "functionName",
    "apiKey",
] as const satisfies readonly (keyof GatewayAggregationOutputs)[];

/**
 * One cloud's implementation. The type parameter's bound is the compile-time check that every
 * cloud returns the same outputs.
 */
export type GatewayAggregationImplementation<T extends GatewayAggregationOutputs> = CloudBuilder<ResolvedGatewayAggregationArgs, T>;
