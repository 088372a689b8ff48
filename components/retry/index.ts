import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
import type { RetryArgs } from "./args";
import type { AwsRetry } from "./aws";
import type { AzureRetry } from "./azure";
import type { GcpRetry } from "./gcp";
import { RETRY_OUTPUTS, RetryOutputs } from "./outputs";
import { ResolvedRetryArgs, resolveRetryArgs } from "./resolve";

export type { RetryArgs, RetryAwsArgs, RetryAzureArgs, RetryBreakerArgs, RetryGcpArgs, RetryIdempotencyArgs } from "./args";
export type { RetryOutputs } from "./outputs";
export type { AwsRetry, AzureRetry, GcpRetry };

const RETRY: PatternDefinition<RetryArgs, ResolvedRetryArgs, RetryOutputs, AwsRetry, AzureRetry, GcpRetry> = {
    className: "Retry",
    resolve: resolveRetryArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsRetry(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureRetry(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpRetry(...build),
    outputs: RETRY_OUTPUTS,
};

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
    declare readonly enqueueUrl: pulumi.Output<string>;
    /** The work queue (SQS queue, Service Bus queue, Cloud Tasks queue). */
    declare readonly queueName: pulumi.Output<string>;
    /** Where failed work ends: SQS dead-letter queue, Service Bus dead-letter queue, Pub/Sub topic. */
    declare readonly deadLetterName: pulumi.Output<string>;
    /** Azure: the enqueue function's key, sent as `x-functions-key`, a secret; "" on AWS and GCP, whose callers sign with their own identity. */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args: RetryArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(RETRY, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, RETRY, name, prepared));
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
