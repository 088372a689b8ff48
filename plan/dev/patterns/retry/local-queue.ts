/** The contract between Retry's shared local wiring (./index.ts) and each cloud's local queue (./aws.ts, ./gcp.ts, ./azure.ts). */
import type { EnqueueSettingsDocument, WorkerSettingsDocument } from "../../../../handlers/retry/settings-document";
import type { StackPattern } from "../../stack-functions";
import type { DevContext } from "../../wiring";

/** What became of one enqueued message, as the cloud's queue and dead-letter sink saw it. */
export interface RetryFate {
    /** Invocations of the worker that carried it (re-enqueued copies and duplicates included). */
    readonly deliveries: number;
    readonly state: "queued" | "processed" | "dead-lettered";
    /** Who dead-lettered it (`worker`, `redrive policy`...) and why. */
    readonly deadLetter?: { readonly by: string; readonly reason: string };
}

/** The settings of both functions as the stack would deploy them (the worker's target already the local stand-in). */
export interface RetrySettings {
    readonly enqueue: EnqueueSettingsDocument;
    readonly worker: WorkerSettingsDocument;
}

/** A cloud's local queue for Retry, wired to both functions. */
export interface LocalRetryQueue {
    /** The settings, their queue pointed at the local one, and the variables each function finds the stand-ins by. */
    readonly enqueue: { readonly settings: EnqueueSettingsDocument; readonly environment: Readonly<Record<string, string>> };
    readonly worker: { readonly settings: WorkerSettingsDocument; readonly environment: Readonly<Record<string, string>> };
    readonly appliesFaults: readonly ("store" | "queue")[];
    /** Where dead letters go, as the smoke line names it ("dead-letter queue"). */
    readonly deadLetterNoun: string;
    /** How long the queue may take beyond a minute to settle a message with `maxAttempts` attempts and the run's faults. */
    readonly settleBudgetMs: number;
    fate(messageId: string): RetryFate | undefined;
    /** Starts delivering to the worker's host (`http://127.0.0.1:<port>`). */
    started(workerHost: string): void;
    stop(): Promise<void>;
}

export type RetryQueueWiring = (pattern: StackPattern, settings: RetrySettings, context: DevContext) => Promise<LocalRetryQueue>;

/** The worker's own backoff (full jitter, capped) over its attempts, at most, ms. */
export function workerBackoffBudgetMs(worker: WorkerSettingsDocument): number {
    return Array.from({ length: worker.maxAttempts }, (_, n) => Math.min(worker.maxBackoffMs, worker.minBackoffMs * 2 ** n)).reduce(
        (a, b) => a + b,
        0,
    );
}
