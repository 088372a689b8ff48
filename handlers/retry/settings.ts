import { ConfigReader, ConfigError, readFunctionConfig } from "../config";
import type { EnqueueSettingsDocument, IdempotencyStoreSettings, WorkerQueueSettings, WorkerSettingsDocument } from "./settings-document";

export type { IdempotencyStoreSettings, WorkerQueueSettings } from "./settings-document";
/** The enqueue function's settings: the document as written, checked. */
export type EnqueueSettings = EnqueueSettingsDocument;

export interface IdempotencySettings {
    readonly keyField?: string;
    readonly ttlMs: number;
    readonly inProgressMs: number;
    /** Namespaces the keys (the component's name). */
    readonly scope: string;
    readonly store: IdempotencyStoreSettings;
}

/** The worker function's settings, parsed from its document (idempotency times in ms). */
export interface WorkerSettings extends Omit<WorkerSettingsDocument, "idempotency"> {
    readonly idempotency?: IdempotencySettings;
}

function oneOf<T extends string>(reader: ConfigReader, where: string, allowed: readonly T[]): T {
    const value = reader.string("kind");
    if (!allowed.includes(value as T))
        throw new ConfigError(`'${where}.kind' must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    return value as T;
}

function httpsUrl(reader: ConfigReader, name: string, where?: string): string {
    const value = reader.string(name);
    if (!/^https?:\/\//.test(value))
        throw new ConfigError(`'${where ? `${where}.` : ""}${name}' must be an http(s) URL, got ${JSON.stringify(value)}`);
    return value;
}

function parseStore(s: ConfigReader): IdempotencyStoreSettings {
    switch (oneOf(s, "idempotency.store", ["dynamodb", "cosmos", "firestore"] as const)) {
        case "dynamodb":
            return { kind: "dynamodb", table: s.string("table") };
        case "cosmos":
            return {
                kind: "cosmos",
                endpoint: httpsUrl(s, "endpoint", "idempotency.store"),
                database: s.string("database"),
                container: s.string("container"),
            };
        case "firestore":
            return { kind: "firestore", database: s.string("database"), collection: s.string("collection") };
    }
}

function parseWorkerQueue(q: ConfigReader): WorkerQueueSettings {
    switch (oneOf(q, "queue", ["sqs", "service-bus", "cloud-tasks"] as const)) {
        case "sqs":
            return {
                kind: "sqs",
                queueUrl: httpsUrl(q, "queueUrl", "queue"),
                deadLetterQueueUrl: httpsUrl(q, "deadLetterQueueUrl", "queue"),
            };
        case "service-bus":
            return {
                kind: "service-bus",
                namespace: q.string("namespace"),
                queueName: q.string("queueName"),
                deadLetterQueueName: q.string("deadLetterQueueName"),
            };
        case "cloud-tasks":
            return { kind: "cloud-tasks", deadLetterTopic: q.string("deadLetterTopic") };
    }
}

export function parseWorkerSettings(s: ConfigReader): WorkerSettings {
    const maxAttempts = s.number("maxAttempts", 1, 1000);
    const maxBackoffMs = s.number("maxBackoffMs", 0, 86_400_000);
    const minBackoffMs = s.number("minBackoffMs", 0, maxBackoffMs);
    const breaker = s.object("breaker");
    const idempotency = s.raw("idempotency") === undefined ? undefined : s.object("idempotency");
    return {
        maxAttempts,
        minBackoffMs,
        maxBackoffMs,
        attemptTimeoutMs: s.number("attemptTimeoutMs", 1, 3_600_000),
        breaker: {
            consecutiveFailures: breaker.number("consecutiveFailures", 1, 1000),
            halfOpenAfterMs: breaker.number("halfOpenAfterMs", 1, 3_600_000),
        },
        ...(s.raw("targetUrl") !== undefined ? { targetUrl: httpsUrl(s, "targetUrl") } : {}),
        ...(idempotency && {
            idempotency: {
                ...(idempotency.raw("keyField") !== undefined ? { keyField: idempotency.string("keyField") } : {}),
                ttlMs: idempotency.number("ttlSeconds", 1, 31_536_000) * 1000,
                inProgressMs: idempotency.number("inProgressSeconds", 1, 86_400) * 1000,
                scope: idempotency.string("scope"),
                store: parseStore(idempotency.object("store")),
            },
        }),
        queue: parseWorkerQueue(s.object("queue")),
    };
}

export function parseEnqueueSettings(s: ConfigReader): EnqueueSettings {
    const q = s.object("queue");
    const maxBodyBytes = s.number("maxBodyBytes", 1, 1_048_576);
    switch (oneOf(q, "queue", ["sqs", "service-bus", "cloud-tasks"] as const)) {
        case "sqs":
            return { maxBodyBytes, queue: { kind: "sqs", queueUrl: httpsUrl(q, "queueUrl", "queue") } };
        case "service-bus":
            return { maxBodyBytes, queue: { kind: "service-bus", namespace: q.string("namespace"), queueName: q.string("queueName") } };
        case "cloud-tasks":
            return {
                maxBodyBytes,
                queue: {
                    kind: "cloud-tasks",
                    queuePath: q.string("queuePath"),
                    workerUrl: httpsUrl(q, "workerUrl", "queue"),
                    invokerServiceAccount: q.string("invokerServiceAccount"),
                },
            };
    }
}

export const readWorkerSettings = (env?: NodeJS.ProcessEnv) => readFunctionConfig(parseWorkerSettings, env);
export const readEnqueueSettings = (env?: NodeJS.ProcessEnv) => readFunctionConfig(parseEnqueueSettings, env);
