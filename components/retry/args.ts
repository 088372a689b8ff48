import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";

/** Idempotency: each message's work runs once while its record lives, even when delivered twice. */
export interface RetryIdempotencyArgs {
    /** Keep idempotency records (DynamoDB / Cosmos DB / Firestore). @default true */
    readonly enabled?: boolean;
    /**
     * Dotted path of the body field that identifies the work (e.g. `order.id`); a message
     * without it is dead-lettered as invalid. @default the producer's Idempotency-Key, else the message id
     */
    readonly keyField?: string;
    /** How long a completed record suppresses repeats, in seconds. @default 86400 (one day) */
    readonly ttlSeconds?: number;
}

/** The circuit breaker around the downstream call, per function instance. */
export interface RetryBreakerArgs {
    /** Consecutive transient failures that open the circuit. @default 5 */
    readonly consecutiveFailures?: number;
    /** Seconds the circuit stays open before one trial call. @default 30 */
    readonly halfOpenAfterSeconds?: number;
}

/** AWS-only settings. */
export interface RetryAwsArgs {
    /** Messages per Lambda invocation (SQS event source mapping). @default 10 */
    readonly batchSize?: number;
}

/** Azure-only settings. */
export interface RetryAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
}

/** GCP-only settings. */
export interface RetryGcpArgs {
    /** Region of the queue, functions and database. @default the provider's `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /** Cloud Tasks dispatch rate cap (tasks per second). @default 10 */
    readonly maxDispatchesPerSecond?: number;
    /** IAM members (`user:…`, `serviceAccount:…`) allowed to call `enqueueUrl`. @default [] (project owners only) */
    readonly enqueueInvokers?: pulumi.Input<string>[];
    /**
     * Enable the Google APIs the component needs in the provider's project (gcp.projects.Service,
     * never disabled on destroy). Set false where the project's APIs are managed elsewhere.
     * @default true
     */
    readonly enableApis?: boolean;
}

/**
 * Args of {@link Retry}. Exactly one of `workerModule` and `targetUrl` says what the work is.
 * Fields that decide which resources exist are plain values, checked before any resource.
 */
export interface RetryArgs {
    /**
     * Path of your TypeScript module exporting `process(message, { attempt, signal })`, bundled
     * as the worker; throw `PermanentError` (handlers/retry/errors.ts) for work that must not be
     * retried. Relative paths resolve from the program's working directory.
     */
    readonly workerModule?: string;
    /** An http(s) endpoint each message body is POSTed to (with an Idempotency-Key header), instead of a module. */
    readonly targetUrl?: pulumi.Input<string>;
    /** Attempts in all, the first included; then the message is dead-lettered. @default 5 */
    readonly maxAttempts?: number;
    /** Base of the exponential backoff, in seconds. @default 1 */
    readonly minBackoffSeconds?: number;
    /** Cap on any one wait between attempts, in seconds. @default 300 */
    readonly maxBackoffSeconds?: number;
    /** Time one attempt may take, in seconds; past it the attempt counts as a transient timeout. @default 30 */
    readonly timeoutSeconds?: number;
    /** Attempts running at once at most (AWS: event source concurrency, Azure: instances, GCP: concurrent dispatches). @default 10 */
    readonly concurrency?: number;
    /** @default enabled, keyed by the producer's key or the message id, records kept a day */
    readonly idempotency?: RetryIdempotencyArgs;
    /** @default 5 consecutive failures open it for 30 s */
    readonly breaker?: RetryBreakerArgs;
    /** Memory of each function in MB (Azure Flex rounds up to 512, 2048 or 4096). @default 256 */
    readonly memoryMb?: number;
    /** Log retention of the functions in days. @default 30 */
    readonly logRetentionDays?: number;
    /**
     * Where the alarms on its dead letters notify: an SNS topic ARN (AWS), an action group's
     * resource id (Azure), a Monitoring notification channel's name (GCP). The alarms are made
     * either way. @default none (the alarms show in the console only)
     */
    readonly alarmNotify?: pulumi.Input<string>;
    /** Tags (labels on GCP) on every child that takes them. @default {} */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The cloud to deploy to. @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    readonly aws?: RetryAwsArgs;
    readonly azure?: RetryAzureArgs;
    readonly gcp?: RetryGcpArgs;
}
