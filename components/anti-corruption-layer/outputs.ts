import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedAntiCorruptionLayerArgs } from "./resolve";

/** The outputs of an Anti-Corruption Layer on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface AntiCorruptionLayerOutputs {
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly apiKey: pulumi.Output<string>;
}

/** The keys of {@link AntiCorruptionLayerOutputs}, registered as the component's outputs. */
export const ANTI_CORRUPTION_LAYER_OUTPUTS = [
    "url",
    "functionName",
    "apiKey",
] as const satisfies readonly (keyof AntiCorruptionLayerOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud gives the same outputs. */
export type AntiCorruptionLayerImplementation<T extends AntiCorruptionLayerOutputs> = CloudBuilder<ResolvedAntiCorruptionLayerArgs, T>;
