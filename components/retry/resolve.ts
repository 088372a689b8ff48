/**
 * Retry args checked and completed once, for every cloud: the defaults live here and nowhere
 * else, and every error names the component, the field, the value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { FUNCTION_ENDPOINT_AUTH, FUNCTION_ENDPOINT_REFUSALS, resolveFrontDoorAuth } from "../platform/front-door-auth";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { patternTags } from "../platform/tags";
import type { IdempotencyStoreSettings, WorkerQueueSettings, WorkerSettingsDocument } from "../../handlers/retry/settings-document";
import { BundleSpec, SettingsInput } from "../platform/types";
import { ArgsValidator } from "../platform/validate";
import type { ResolvedPatternArgs } from "../pattern-component";
import { RetryArgs, RetryAwsArgs, RetryAzureArgs, RetryGcpArgs } from "./args";
import { cloudWorkerBundle } from "./functions";
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from "./idempotency-ttl";

export const PATTERN = "retry";
export const DEFAULTS = {
    maxAttempts: 5,
    minBackoffSeconds: 1,
    maxBackoffSeconds: 300,
    timeoutSeconds: 30,
    concurrency: 10,
    idempotencyTtlSeconds: DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    breakerFailures: 5,
    breakerHalfOpenSeconds: 30,
    memoryMb: 256,
    logRetentionDays: DEFAULT_LOG_RETENTION_DAYS,
    awsBatchSize: 10,
    gcpMaxDispatchesPerSecond: 10,
} as const;

/** Seconds a function gets beyond one attempt's timeout, to dead-letter or report after a timed-out attempt. */
export const FUNCTION_MARGIN_SECONDS = 10;

/** What each cloud allows, with the reason shown in errors. */
export const CLOUD_LIMITS: Record<
    Cloud,
    {
        timeoutSeconds: [number, string];
        maxBackoffSeconds: [number, string];
        concurrency: [number, number, string];
        maxAttempts: [number, string];
    }
> = {
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
        // Cloud Tasks dispatches up to 5000 at once, but each runs on a worker instance, and the worker's
        // maxInstanceCount is at most 1000: https://cloud.google.com/functions/docs/configuring/max-instances
        concurrency: [1, 1000, "each concurrent dispatch needs a worker instance, and Cloud Functions scales to at most 1000"],
        // The queue itself retries without limit (cloud-tasks-attempts.ts); the worker counts the attempts.
        maxAttempts: [1000, "this package caps maxAttempts at 1000"],
    },
};

/** What each cloud's implementation builds from: args validated, defaults applied. */
export interface ResolvedRetryArgs extends ResolvedPatternArgs<
    Required<RetryAwsArgs>,
    RetryAzureArgs,
    Required<Pick<RetryGcpArgs, "maxDispatchesPerSecond" | "enableApis">> & RetryGcpArgs
> {
    readonly cloud: Cloud;
    /** The worker function for the cloud: the user's workerModule, or the HTTP target worker. */
    readonly worker: BundleSpec;
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
    readonly alarmNotify?: pulumi.Input<string>;
}

/** Checks `args` for `cloud` and applies the defaults; throws before any resource exists. */
export function resolveRetryArgs(name: string, cloud: Cloud, args: RetryArgs): ResolvedRetryArgs {
    const check = ArgsValidator.forComponent("Retry", name);
    if (args === undefined || args === null)
        check.refuse("args are required: { workerModule: './worker.ts' } or { targetUrl: 'https://…' }");
    const limits = CLOUD_LIMITS[cloud];
    const integer = (field: string, value: number | undefined, fallback: number, min: number, max: number, why?: string) =>
        check.integer(field, value ?? fallback, [min, max], why);
    const number = (field: string, value: number | undefined, fallback: number, min: number, max: number, why?: string) =>
        check.number(field, value ?? fallback, [min, max], why);

    if ((args.workerModule === undefined) === (args.targetUrl === undefined)) {
        check.refuse(
            "give exactly one of workerModule (a TypeScript module exporting process(message)) and targetUrl (an http(s) endpoint)",
        );
    }
    const workerModule = check.moduleFile("workerModule", args.workerModule, "process(message)");
    if (typeof args.targetUrl === "string" && !/^https?:\/\/[^/]/.test(args.targetUrl))
        check.fail("targetUrl", "an http(s) URL", args.targetUrl);

    const maxAttempts = integer("maxAttempts", args.maxAttempts, DEFAULTS.maxAttempts, 1, limits.maxAttempts[0], limits.maxAttempts[1]);
    const maxBackoffSeconds = number(
        "maxBackoffSeconds",
        args.maxBackoffSeconds,
        DEFAULTS.maxBackoffSeconds,
        1,
        limits.maxBackoffSeconds[0],
        limits.maxBackoffSeconds[1],
    );
    const minBackoffSeconds = number(
        "minBackoffSeconds",
        args.minBackoffSeconds,
        Math.min(DEFAULTS.minBackoffSeconds, maxBackoffSeconds),
        0.1,
        maxBackoffSeconds,
        "at most maxBackoffSeconds",
    );
    const timeoutSeconds = integer(
        "timeoutSeconds",
        args.timeoutSeconds,
        DEFAULTS.timeoutSeconds,
        1,
        limits.timeoutSeconds[0],
        limits.timeoutSeconds[1],
    );
    const concurrency = integer(
        "concurrency",
        args.concurrency,
        DEFAULTS.concurrency,
        limits.concurrency[0],
        limits.concurrency[1],
        limits.concurrency[2],
    );

    const idem = args.idempotency ?? {};
    if (idem.keyField !== undefined && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(idem.keyField)) {
        check.fail("idempotency.keyField", "a dotted field path like 'order.id'", idem.keyField);
    }
    const idempotency =
        idem.enabled === false
            ? undefined
            : {
                  ...(idem.keyField !== undefined && { keyField: idem.keyField }),
                  ttlSeconds: integer("idempotency.ttlSeconds", idem.ttlSeconds, DEFAULTS.idempotencyTtlSeconds, 60, 31_536_000),
              };
    const breaker = {
        consecutiveFailures: integer("breaker.consecutiveFailures", args.breaker?.consecutiveFailures, DEFAULTS.breakerFailures, 1, 1000),
        halfOpenAfterSeconds: integer(
            "breaker.halfOpenAfterSeconds",
            args.breaker?.halfOpenAfterSeconds,
            DEFAULTS.breakerHalfOpenSeconds,
            1,
            3600,
        ),
    };
    // Checked, not kept: each cloud's enqueue function enforces its one mode whatever is asked.
    resolveFrontDoorAuth(check, cloud, args.auth, FUNCTION_ENDPOINT_AUTH[cloud], FUNCTION_ENDPOINT_REFUSALS[cloud]);
    const worker = cloudWorkerBundle(cloud, workerModule);
    return {
        userModules: [{ arg: "workerModule", module: workerModule, bundle: worker, functionName: `${name}-worker` }],
        cloud,
        worker,
        ...(args.targetUrl !== undefined && { targetUrl: args.targetUrl }),
        maxAttempts,
        minBackoffSeconds,
        maxBackoffSeconds,
        timeoutSeconds,
        functionTimeoutSeconds: timeoutSeconds + FUNCTION_MARGIN_SECONDS,
        concurrency,
        ...(idempotency && { idempotency }),
        breaker,
        memoryMb: integer("memoryMb", args.memoryMb, DEFAULTS.memoryMb, 128, 4096),
        logRetentionDays: checkLogRetentionDays(check, "logRetentionDays", args.logRetentionDays ?? DEFAULTS.logRetentionDays, cloud),
        ...(args.alarmNotify !== undefined && { alarmNotify: args.alarmNotify }),
        tags: patternTags(PATTERN, args.tags),
        aws: { batchSize: integer("aws.batchSize", args.aws?.batchSize, DEFAULTS.awsBatchSize, 1, 10, "more needs a batching window") },
        azure: args.azure ?? {},
        gcp: {
            ...args.gcp,
            enableApis: check.boolean("gcp.enableApis", args.gcp?.enableApis ?? true),
            maxDispatchesPerSecond: number(
                "gcp.maxDispatchesPerSecond",
                args.gcp?.maxDispatchesPerSecond,
                DEFAULTS.gcpMaxDispatchesPerSecond,
                0.1,
                500,
                "Cloud Tasks allows up to 500",
            ),
        },
    };
}

/** The worker's CLOUD_PATTERNS_CONFIG, given the cloud's queue and idempotency store. */
export function workerSettings(
    name: string,
    resolved: ResolvedRetryArgs,
    queue: SettingsInput<WorkerQueueSettings>,
    store: SettingsInput<IdempotencyStoreSettings> | undefined,
): SettingsInput<WorkerSettingsDocument> {
    return {
        maxAttempts: resolved.maxAttempts,
        minBackoffMs: Math.round(resolved.minBackoffSeconds * 1000),
        maxBackoffMs: Math.round(resolved.maxBackoffSeconds * 1000),
        attemptTimeoutMs: resolved.timeoutSeconds * 1000,
        breaker: {
            consecutiveFailures: resolved.breaker.consecutiveFailures,
            halfOpenAfterMs: resolved.breaker.halfOpenAfterSeconds * 1000,
        },
        ...(resolved.targetUrl !== undefined && { targetUrl: resolved.targetUrl }),
        ...(resolved.idempotency &&
            store && {
                idempotency: {
                    ...(resolved.idempotency.keyField !== undefined && { keyField: resolved.idempotency.keyField }),
                    ttlSeconds: resolved.idempotency.ttlSeconds,
                    // A claim outlives the longest attempt, so a live worker is never taken over.
                    inProgressSeconds: resolved.functionTimeoutSeconds + 60,
                    scope: name.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 100),
                    store,
                },
            }),
        queue,
    };
}
