import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedAmbassadorArgs } from "./resolve";

/** The outputs of an Ambassador on every target; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface AmbassadorOutputs {
    readonly url: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    readonly sidecarConfig: pulumi.Output<string>;
}

/** The keys of {@link AmbassadorOutputs}, registered as the component's outputs. */
export const AMBASSADOR_OUTPUTS = ["url", "serviceName", "sidecarConfig"] as const satisfies readonly (keyof AmbassadorOutputs)[];

/** One target's implementation; the bound is the compile-time check that every target gives the same outputs. */
export type AmbassadorImplementation<T extends AmbassadorOutputs> = (
    name: string,
    resolved: ResolvedAmbassadorArgs,
    opts: pulumi.CustomResourceOptions,
) => T;
