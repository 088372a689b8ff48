/**
 * Retry: work handed to `enqueueUrl` is delivered to a worker until it succeeds, with
 * exponential backoff and full jitter, never retried on a permanent error, dead-lettered after
 * the last attempt, and processed once even when delivered twice. The cloud's own queue does
 * the waiting (SQS, Service Bus, Cloud Tasks). Only the chosen cloud's provider SDK is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { PatternComponent, PatternDefinition } from "../pattern-component";
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

export class Retry extends PatternComponent<RetryArgs, ResolvedRetryArgs, RetryOutputs, AwsRetry, AzureRetry, GcpRetry> implements RetryOutputs {
    /** POST a JSON body here: 202 with `{ messageId }` once queued (authenticated the cloud's way; see the README's Retry section). */
    declare readonly enqueueUrl: pulumi.Output<string>;
    /** The work queue (SQS queue, Service Bus queue, Cloud Tasks queue). */
    declare readonly queueName: pulumi.Output<string>;
    /** Where failed work ends: SQS dead-letter queue, Service Bus dead-letter queue, Pub/Sub topic. */
    declare readonly deadLetterName: pulumi.Output<string>;

    constructor(name: string, args: RetryArgs, opts?: pulumi.ComponentResourceOptions) {
        super(RETRY, name, args, opts);
    }
}
