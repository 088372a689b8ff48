import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import { buildOnCloud, childrenOn } from "../pattern-component";
import type { RetryArgs } from "./args";
import type { AwsRetry } from "./aws";
import type { AzureRetry } from "./azure";
import type { GcpRetry } from "./gcp";
import { planRetry, RetryPlan } from "./plan";

export type { RetryArgs, RetryAwsArgs, RetryAzureArgs, RetryBreakerArgs, RetryGcpArgs, RetryIdempotencyArgs } from "./args";
export type { AwsRetry, AzureRetry, GcpRetry };

/** The outputs of a Retry on every cloud (documented on the component class, whose properties the schema reads). */
export interface RetryOutputs {
    readonly enqueueUrl: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;
    readonly deadLetterName: pulumi.Output<string>;
}

/** One cloud's implementation; the type parameter's bound checks at compile time that every cloud returns the same outputs. */
export type RetryImplementation<T extends RetryOutputs> = (name: string, plan: RetryPlan, opts: pulumi.CustomResourceOptions) => T;

/**
 * Retry: work handed to `enqueueUrl` is delivered to a worker until it succeeds, with
 * exponential backoff and full jitter, never retried on a permanent error, dead-lettered after
 * the last attempt, and processed once even when delivered twice. The cloud's own queue does
 * the waiting (SQS, Service Bus, Cloud Tasks). Only the chosen cloud's provider SDK is loaded.
 */
export class Retry extends pulumi.ComponentResource implements RetryOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** POST a JSON body here: 202 with `{ messageId }` once queued (authenticated the cloud's way; see the README's Retry section). */
    readonly enqueueUrl: pulumi.Output<string>;
    /** The work queue (SQS queue, Service Bus queue, Cloud Tasks queue). */
    readonly queueName: pulumi.Output<string>;
    /** Where failed work ends: SQS dead-letter queue, Service Bus dead-letter queue, Pub/Sub topic. */
    readonly deadLetterName: pulumi.Output<string>;

    constructor(name: string, args: RetryArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("Retry", args?.cloud);
        const plan = planRetry(name, cloud, args);
        super("cloud-patterns:index:Retry", name, {}, opts);
        this.cloud = cloud;
        const outputs = buildOnCloud<RetryOutputs, AwsRetry, AzureRetry, GcpRetry>(this, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsRetry(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureRetry(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpRetry(name, plan, o),
        });
        this.enqueueUrl = outputs.enqueueUrl;
        this.queueName = outputs.queueName;
        this.deadLetterName = outputs.deadLetterName;
        this.registerOutputs({ enqueueUrl: this.enqueueUrl, queueName: this.queueName, deadLetterName: this.deadLetterName });
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsRetry | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureRetry | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpRetry | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
