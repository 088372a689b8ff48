/**
 * The contract between the Retry component and its functions: the CLOUD_PATTERNS_CONFIG documents
 * as the component writes them (`satisfies`) and settings.ts reads them. Types only (see
 * docs/platform.md), so components may import it.
 */

/** Where idempotency records live; the component picks its cloud's database. */
export type IdempotencyStoreSettings =
    | { readonly kind: "dynamodb"; readonly table: string }
    | { readonly kind: "cosmos"; readonly endpoint: string; readonly database: string; readonly container: string }
    | { readonly kind: "firestore"; readonly database: string; readonly collection: string };

/** The queue the worker is triggered by and dead-letters into. */
export type WorkerQueueSettings =
    | { readonly kind: "sqs"; readonly queueUrl: string; readonly deadLetterQueueUrl: string }
    | { readonly kind: "service-bus"; readonly namespace: string; readonly queueName: string; readonly deadLetterQueueName: string }
    | { readonly kind: "cloud-tasks"; readonly deadLetterTopic: string };

/** The worker's idempotency: a record per message key, kept `ttlSeconds`. */
export interface IdempotencyDocument {
    /** A dotted path into the message body; @default the message id */
    readonly keyField?: string;
    readonly ttlSeconds: number;
    /** How long a claim holds before another delivery may take the message over. */
    readonly inProgressSeconds: number;
    /** Namespaces the keys (the component's name). */
    readonly scope: string;
    readonly store: IdempotencyStoreSettings;
}

/** The worker function's document. */
export interface WorkerSettingsDocument {
    readonly maxAttempts: number;
    readonly minBackoffMs: number;
    readonly maxBackoffMs: number;
    readonly attemptTimeoutMs: number;
    readonly breaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number };
    /** For the built-in HTTP worker (no workerModule): where each message is POSTed. */
    readonly targetUrl?: string;
    readonly idempotency?: IdempotencyDocument;
    readonly queue: WorkerQueueSettings;
}

/** The enqueue function's document. */
export interface EnqueueSettingsDocument {
    readonly maxBodyBytes: number;
    readonly queue:
        | { readonly kind: "sqs"; readonly queueUrl: string }
        | { readonly kind: "service-bus"; readonly namespace: string; readonly queueName: string }
        | {
              readonly kind: "cloud-tasks";
              /** `projects/P/locations/L/queues/Q` */
              readonly queuePath: string;
              readonly workerUrl: string;
              /** The identity Cloud Tasks signs the OIDC token as; the worker admits only it. */
              readonly invokerServiceAccount: string;
          };
}
