import { ExponentialBackoff, fullJitterGenerator, IBackoff } from "cockatiel";
import { Outcome } from "./classify";

/** The retry rules every cloud's worker applies: one object, built once per function instance. */
export interface RetryPolicyOptions {
    /** Attempts in all, the first included; >= 1. */
    readonly maxAttempts: number;
    /** Base of the exponential backoff (the delay cap before the first retry), ms. */
    readonly minBackoffMs: number;
    /** Cap on any one delay, ms. */
    readonly maxBackoffMs: number;
}

/** What to do with a message after an attempt. */
export type Decision =
    | { readonly action: "done" }
    | { readonly action: "retry"; readonly delayMs: number; readonly reason: string }
    | { readonly action: "dead-letter"; readonly reason: string };

/**
 * Capped exponential backoff with full jitter (AWS architecture blog: the fewest calls under
 * contention), from cockatiel's ExponentialBackoff, and the attempt limit. The cloud's queue
 * does the waiting; this decides how long and whether at all.
 */
export class RetryPolicy {
    private readonly backoff: ExponentialBackoff<number>;

    constructor(readonly options: RetryPolicyOptions) {
        if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
            throw new RangeError(`maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
        }
        if (!(options.minBackoffMs >= 0) || !(options.maxBackoffMs >= options.minBackoffMs)) {
            throw new RangeError(`minBackoffMs must be >= 0 and <= maxBackoffMs, got ${options.minBackoffMs} and ${options.maxBackoffMs}`);
        }
        this.backoff = new ExponentialBackoff({
            generator: fullJitterGenerator,
            initialDelay: Math.max(1, options.minBackoffMs),
            maxDelay: options.maxBackoffMs,
        });
    }

    /** Delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed: uniform in [0, min(cap, base * 2^(attempt-1))). */
    delayAfter(attempt: number): number {
        let step: IBackoff<unknown> = this.backoff.next();
        for (let i = 1; i < attempt; i++) step = step.next(undefined);
        return step.duration;
    }

    /** `attempt` is the cloud's delivery count (1 on first delivery). */
    decide(outcome: Outcome, attempt: number): Decision {
        if (outcome.kind === "success") return { action: "done" };
        if (outcome.kind === "permanent")
            return { action: "dead-letter", reason: `permanent error on attempt ${attempt}: ${outcome.reason}` };
        if (attempt >= this.options.maxAttempts) {
            return { action: "dead-letter", reason: `gave up after ${attempt} of ${this.options.maxAttempts} attempts: ${outcome.reason}` };
        }
        // The downstream's Retry-After is a floor, not a target; still capped so one header cannot park work for hours.
        const delayMs = Math.min(this.options.maxBackoffMs, Math.max(this.delayAfter(attempt), outcome.retryAfterMs ?? 0));
        return { action: "retry", delayMs, reason: outcome.reason };
    }
}
