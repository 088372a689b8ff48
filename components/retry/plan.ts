/**
 * Retry args checked and completed once, for every cloud: the defaults live here and nowhere
 * else, and every error names the component, the field, the value and what is allowed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { patternTags } from "../platform/tags";
import { RetryArgs, RetryAwsArgs, RetryAzureArgs, RetryGcpArgs } from "./args";

export const PATTERN = "retry";
export const DEFAULTS = {
    maxAttempts: 5,
    minBackoffSeconds: 1,
    maxBackoffSeconds: 300,
    timeoutSeconds: 30,
    concurrency: 10,
    idempotencyTtlSeconds: 86_400,
    breakerFailures: 5,
    breakerHalfOpenSeconds: 30,
    memoryMb: 256,
    logRetentionDays: 30,
    awsBatchSize: 10,
    gcpMaxDispatchesPerSecond: 10,
} as const;

/** Seconds a function gets beyond one attempt's timeout, to dead-letter or report after a timed-out attempt. */
export const FUNCTION_MARGIN_SECONDS = 10;

/** What each cloud allows, with the reason shown in errors. */
export const CLOUD_LIMITS: Record<Cloud, { timeoutSeconds: [number, string]; maxBackoffSeconds: [number, string]; concurrency: [number, number, string]; maxAttempts: [number, string] }> = {
    [Cloud.Aws]: {
        timeoutSeconds: [900 - FUNCTION_MARGIN_SECONDS, "a Lambda function runs at most 900 s"],
        maxBackoffSeconds: [43_200, "an SQS visibility timeout is at most 12 hours"],
        concurrency: [2, 1000, "SQS event source mapping maximumConcurrency is 2 to 1000"],
        maxAttempts: [1000, "SQS maxReceiveCount is at most 1000"],
    },
    [Cloud.Azure]: {
        timeoutSeconds: [300 - FUNCTION_MARGIN_SECONDS, "the Functions host renews a Service Bus message lock for 5 minutes by default"],
        maxBackoffSeconds: [1_209_600, "a scheduled retry must arrive within the queue's 14-day message time to live"],
        concurrency: [1, 1000, "a Flex Consumption app scales to 1 to 1000 instances"],
        maxAttempts: [1000, "this package caps maxDeliveryCount at 1000"],
    },
    [Cloud.Gcp]: {
        timeoutSeconds: [600 - FUNCTION_MARGIN_SECONDS, "a Cloud Tasks HTTP task's default dispatch deadline is 10 minutes"],
        maxBackoffSeconds: [86_400, "this package caps Cloud Tasks maxBackoff at one day"],
        concurrency: [1, 5000, "Cloud Tasks maxConcurrentDispatches is 1 to 5000"],
        maxAttempts: [999, "the queue gets one spare attempt, so a last attempt that crashed is still dead-lettered; this package caps it at 1000"],
    },
};

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface RetryPlan {
    readonly cloud: Cloud;
    readonly workerModule?: string;
    readonly targetUrl?: pulumi.Input<string>;
    readonly maxAttempts: number;
    readonly minBackoffSeconds: number;
    readonly maxBackoffSeconds: number;
    readonly timeoutSeconds: number;
    /** The functions' timeout: one attempt plus {@link FUNCTION_MARGIN_SECONDS}. */
    readonly functionTimeoutSeconds: number;
    readonly concurrency: number;
    readonly idempotency?: { readonly keyField?: string; readonly ttlSeconds: number };
    readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterSeconds: number };
    readonly memoryMb: number;
    readonly logRetentionDays: number;
    readonly tags: pulumi.Output<Record<string, string>>;
    readonly aws: Required<RetryAwsArgs>;
    readonly azure: RetryAzureArgs;
    readonly gcp: Required<Pick<RetryGcpArgs, "maxDispatchesPerSecond">> & RetryGcpArgs;
}

/** Checks `args` for `cloud` and applies the defaults; throws before any resource exists. */
export function planRetry(name: string, cloud: Cloud, args: RetryArgs): RetryPlan {
    const owner = `Retry '${name}'`;
    const fail = (message: string): never => {
        throw new Error(`${owner}: ${message}`);
    };
    if (args === undefined || args === null) fail("args are required: { workerModule: './worker.ts' } or { targetUrl: 'https://…' }");
    const limits = CLOUD_LIMITS[cloud];
    const number = (field: string, value: number | undefined, fallback: number, min: number, max: number, why = "", integer = true): number => {
        const v = value ?? fallback;
        if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
            fail(`${field} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}${why ? ` (${why})` : ""}, got ${JSON.stringify(value)}`);
        }
        return v;
    };

    if ((args.workerModule === undefined) === (args.targetUrl === undefined)) {
        fail("give exactly one of workerModule (a TypeScript module exporting process(message)) and targetUrl (an http(s) endpoint)");
    }
    let workerModule: string | undefined;
    if (args.workerModule !== undefined) {
        workerModule = path.resolve(args.workerModule);
        if (!fs.statSync(workerModule, { throwIfNoEntry: false })?.isFile()) fail(`workerModule '${args.workerModule}' is not a file (resolved to ${workerModule})`);
    }
    if (typeof args.targetUrl === "string" && !/^https?:\/\/[^/]/.test(args.targetUrl)) fail(`targetUrl must be an http(s) URL, got '${args.targetUrl}'`);

    const maxAttempts = number("maxAttempts", args.maxAttempts, DEFAULTS.maxAttempts, 1, limits.maxAttempts[0], limits.maxAttempts[1]);
    const maxBackoffSeconds = number("maxBackoffSeconds", args.maxBackoffSeconds, DEFAULTS.maxBackoffSeconds, 1, limits.maxBackoffSeconds[0], limits.maxBackoffSeconds[1], false);
    const minBackoffSeconds = number("minBackoffSeconds", args.minBackoffSeconds, Math.min(DEFAULTS.minBackoffSeconds, maxBackoffSeconds), 0.1, Infinity, "", false);
    if (minBackoffSeconds > maxBackoffSeconds) fail(`minBackoffSeconds (${minBackoffSeconds}) must be <= maxBackoffSeconds (${maxBackoffSeconds})`);
    const timeoutSeconds = number("timeoutSeconds", args.timeoutSeconds, DEFAULTS.timeoutSeconds, 1, limits.timeoutSeconds[0], limits.timeoutSeconds[1]);
    const concurrency = number("concurrency", args.concurrency, DEFAULTS.concurrency, limits.concurrency[0], limits.concurrency[1], limits.concurrency[2]);

    const idem = args.idempotency ?? {};
    if (idem.keyField !== undefined && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(idem.keyField)) {
        fail(`idempotency.keyField must be a dotted field path like 'order.id', got '${idem.keyField}'`);
    }
    const idempotency =
        idem.enabled === false
            ? undefined
            : {
                  ...(idem.keyField !== undefined && { keyField: idem.keyField }),
                  ttlSeconds: number("idempotency.ttlSeconds", idem.ttlSeconds, DEFAULTS.idempotencyTtlSeconds, 60, 31_536_000),
              };
    const breaker = {
        consecutiveFailures: number("breaker.consecutiveFailures", args.breaker?.consecutiveFailures, DEFAULTS.breakerFailures, 1, 1000),
        halfOpenAfterSeconds: number("breaker.halfOpenAfterSeconds", args.breaker?.halfOpenAfterSeconds, DEFAULTS.breakerHalfOpenSeconds, 1, 3600),
    };
    return {
        cloud,
        ...(workerModule !== undefined && { workerModule }),
        ...(args.targetUrl !== undefined && { targetUrl: args.targetUrl }),
        maxAttempts,
        minBackoffSeconds,
        maxBackoffSeconds,
        timeoutSeconds,
        functionTimeoutSeconds: timeoutSeconds + FUNCTION_MARGIN_SECONDS,
        concurrency,
        ...(idempotency && { idempotency }),
        breaker,
        memoryMb: number("memoryMb", args.memoryMb, DEFAULTS.memoryMb, 128, 4096),
        logRetentionDays: number("logRetentionDays", args.logRetentionDays, DEFAULTS.logRetentionDays, 1, 3653),
        tags: patternTags(PATTERN, args.tags),
        aws: { batchSize: number("aws.batchSize", args.aws?.batchSize, DEFAULTS.awsBatchSize, 1, 10, "more needs a batching window") },
        azure: args.azure ?? {},
        gcp: {
            ...args.gcp,
            maxDispatchesPerSecond: number("gcp.maxDispatchesPerSecond", args.gcp?.maxDispatchesPerSecond, DEFAULTS.gcpMaxDispatchesPerSecond, 0.1, 500, "Cloud Tasks allows up to 500", false),
        },
    };
}

/**
 * The worker's CLOUD_PATTERNS_CONFIG (handlers/retry/settings.ts), given the cloud's queue and
 * idempotency store settings.
 */
export function workerSettings(
    name: string,
    plan: RetryPlan,
    queue: pulumi.Input<Record<string, unknown>>,
    store: pulumi.Input<Record<string, unknown>> | undefined,
): pulumi.Output<Record<string, unknown>> {
    return pulumi.all([queue, store, plan.targetUrl]).apply(([q, s, targetUrl]): Record<string, unknown> => ({
        maxAttempts: plan.maxAttempts,
        minBackoffMs: Math.round(plan.minBackoffSeconds * 1000),
        maxBackoffMs: Math.round(plan.maxBackoffSeconds * 1000),
        attemptTimeoutMs: plan.timeoutSeconds * 1000,
        breaker: { consecutiveFailures: plan.breaker.consecutiveFailures, halfOpenAfterMs: plan.breaker.halfOpenAfterSeconds * 1000 },
        ...(targetUrl !== undefined && { targetUrl }),
        ...(plan.idempotency &&
            s && {
                idempotency: {
                    ...(plan.idempotency.keyField !== undefined && { keyField: plan.idempotency.keyField }),
                    ttlSeconds: plan.idempotency.ttlSeconds,
                    // A claim outlives the longest attempt, so a live worker is never taken over.
                    inProgressSeconds: plan.functionTimeoutSeconds + 60,
                    scope: name.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 100),
                    store: s,
                },
            }),
        queue: q,
    }));
}
