import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedCqrsArgs } from "./resolve";

/** The outputs of a Cqrs on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface CqrsOutputs {
    readonly commandUrl: pulumi.Output<string | undefined>;
    readonly queryUrl: pulumi.Output<string>;
    readonly writeStoreName: pulumi.Output<string>;
    readonly readStoreName: pulumi.Output<string>;
    readonly apiKey: pulumi.Output<string>;
    readonly queryApiKey: pulumi.Output<string>;
}

/** The keys of {@link CqrsOutputs}, registered as the component's outputs. */
export const CQRS_OUTPUTS = [
    "commandUrl",
    "queryUrl",
    "writeStoreName",
    "readStoreName",
    "apiKey",
    "queryApiKey",
] as const satisfies readonly (keyof CqrsOutputs)[];

/** One cloud's implementation; the bound is the compile-time check that every cloud returns the same outputs. */
export type CqrsImplementation<T extends CqrsOutputs> = CloudBuilder<ResolvedCqrsArgs, T>;
