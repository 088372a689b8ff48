import { Message } from "../contracts";

export { IDEMPOTENCY_KEY_ATTRIBUTE } from "../queues/producer";
/**
 * Message attribute carrying the attempts already made before this copy was enqueued, set by
 * schedulers that re-enqueue a delayed copy (Service Bus) since the copy's own delivery count restarts at 1.
 */
export const PRIOR_ATTEMPTS_ATTRIBUTE = "retry-prior-attempts";

/** What the user's worker module exports: `process(message)`; its resolved value is stored for replays. */
export type ProcessFn = (message: Message, context: { readonly attempt: number; readonly signal: AbortSignal }) => Promise<unknown>;

/** Where a message goes when it must not be retried: the cloud's dead-letter queue or topic, with the reason. */
export interface DeadLetterSink {
    /** Resolves only once the message is durably stored; throw otherwise (the message then stays on the queue). */
    deadLetter(message: Message, reason: string, attempt: number): Promise<void>;
}

/** How the cloud is told to wait before the next attempt. */
export interface RetryScheduler {
    /**
     * Arranges the next attempt no sooner than `delayMs` from now. `redelivers: true` means the
     * cloud redelivers the original (report it failed); false means a delayed copy now exists
     * (acknowledge the original).
     */
    defer(message: Message, delayMs: number, attempt: number): Promise<{ readonly redelivers: boolean }>;
}
