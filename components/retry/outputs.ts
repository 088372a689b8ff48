import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedRetryArgs } from "./resolve";

/** The outputs of a Retry on every cloud; each is documented on the component class, whose properties Pulumi's schema reads. */
export interface RetryOutputs {
    readonly enqueueUrl: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;
    readonly deadLetterName: pulumi.Output<string>;
    readonly apiKey: pulumi.Output<string>;
}

/** The keys of {@link RetryOutputs}, registered as the component's outputs. */
export const RETRY_OUTPUTS = ["enqueueUrl", "queueName", "deadLetterName", "apiKey"] as const satisfies readonly (keyof RetryOutputs)[];

/** One cloud's implementation; the type parameter's bound checks at compile time that every cloud returns the same outputs. */
export type RetryImplementation<T extends RetryOutputs> = CloudBuilder<ResolvedRetryArgs, T>;
