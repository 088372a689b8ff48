import type * as pulumi from "@pulumi/pulumi";
import type { CloudBuilder } from "../pattern-component";
import type { ResolvedRetryArgs } from "./resolve";

/** The outputs of a Retry on every cloud. */
export interface RetryOutputs {
    /** POST a JSON body here: 202 with `{ messageId }` once queued (authenticated the cloud's way; see the README's Retry section). */
    readonly enqueueUrl: pulumi.Output<string>;
    /** The work queue (SQS queue, Service Bus queue, Cloud Tasks queue). */
    readonly queueName: pulumi.Output<string>;
    /** Where failed work ends: SQS dead-letter queue, Service Bus dead-letter queue, Pub/Sub topic. */
    readonly deadLetterName: pulumi.Output<string>;
}

/** The keys of {@link RetryOutputs}, registered as the component's outputs. */
export const RETRY_OUTPUTS = ["enqueueUrl", "queueName", "deadLetterName"] as const satisfies readonly (keyof RetryOutputs)[];

/** One cloud's implementation; the type parameter's bound checks at compile time that every cloud returns the same outputs. */
export type RetryImplementation<T extends RetryOutputs> = CloudBuilder<ResolvedRetryArgs, T>;
