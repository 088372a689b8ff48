/**
 * Retry: work handed to `enqueueUrl` is delivered to a worker until it succeeds, with
 * exponential backoff and full jitter, never retried on a permanent error, dead-lettered after
 * the last attempt, and processed once even when delivered twice. The cloud's own queue does
 * the waiting (SQS, Service Bus, Cloud Tasks). Only the chosen cloud's provider SDK is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveCloud } from "../cloud";
import { PatternComponent } from "../pattern-component";
import type { RetryArgs } from "./args";
import type { AwsRetry } from "./aws";
import type { AzureRetry } from "./azure";
import type { GcpRetry } from "./gcp";
import { planRetry, RetryPlan } from "./plan";

export type { RetryArgs, RetryAwsArgs, RetryAzureArgs, RetryBreakerArgs, RetryGcpArgs, RetryIdempotencyArgs } from "./args";
export type { AwsRetry, AzureRetry, GcpRetry };

/** The outputs of a Retry on every cloud. */
export interface RetryOutputs {
    /** POST a JSON body here: 202 with `{ messageId }` once queued (authenticated the cloud's way; see the README's Retry section). */
    readonly enqueueUrl: pulumi.Output<string>;
    /** The work queue (SQS queue, Service Bus queue, Cloud Tasks queue). */
    readonly queueName: pulumi.Output<string>;
    /** Where failed work ends: SQS dead-letter queue, Service Bus dead-letter queue, Pub/Sub topic. */
    readonly deadLetterName: pulumi.Output<string>;
}

/** One cloud's implementation; the type parameter's bound checks at compile time that every cloud returns the same outputs. */
export type RetryImplementation<T extends RetryOutputs> = (name: string, plan: RetryPlan, opts: pulumi.CustomResourceOptions) => T;

export class Retry extends PatternComponent<RetryOutputs, AwsRetry, AzureRetry, GcpRetry> implements RetryOutputs {
    readonly enqueueUrl: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;
    readonly deadLetterName: pulumi.Output<string>;

    constructor(name: string, args: RetryArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("Retry", args?.cloud);
        const plan = planRetry(name, cloud, args);
        super("Retry", name, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsRetry(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureRetry(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpRetry(name, plan, o),
        }, opts);
        this.enqueueUrl = this.outputs.enqueueUrl;
        this.queueName = this.outputs.queueName;
        this.deadLetterName = this.outputs.deadLetterName;
        this.registerOutputs({ enqueueUrl: this.enqueueUrl, queueName: this.queueName, deadLetterName: this.deadLetterName });
    }
}
