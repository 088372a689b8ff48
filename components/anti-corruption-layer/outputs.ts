import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedAntiCorruptionLayerArgs } from "./resolve";

/** The outputs of an Anti-Corruption Layer on every cloud. */
export interface AntiCorruptionLayerOutputs {
    /** Base URL of the front door, without a trailing slash; append a route's path. */
    readonly url: pulumi.Output<string>;
    /** The cloud's name of the translator function (Lambda, function app, Cloud Function). */
    readonly functionName: pulumi.Output<string>;
}

/** The keys of {@link AntiCorruptionLayerOutputs}, registered as the component's outputs. */
export const ANTI_CORRUPTION_LAYER_OUTPUTS = ["url", "functionName"] as const satisfies readonly (keyof AntiCorruptionLayerOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud gives the same outputs. */
export type AntiCorruptionLayerImplementation<T extends AntiCorruptionLayerOutputs> = CloudBuilder<ResolvedAntiCorruptionLayerArgs, T>;
