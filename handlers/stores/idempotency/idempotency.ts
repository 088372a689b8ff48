import { ExponentialBackoff, handleAll, retry, RetryPolicy } from "cockatiel";
import { createHash, randomUUID } from "node:crypto";
import { IdempotencyStore } from "./port";

/** Another delivery of the same key is running now; try again later (a transient condition). */
export class AlreadyInProgressError extends Error {
    constructor(key: string) {
        super(`idempotency key ${key} is already in progress`);
        this.name = "AlreadyInProgressError";
    }
}

export interface IdempotencyOptions {
    /** Namespaces keys, so two functions sharing a table never collide (Powertools: function name). */
    readonly scope: string;
    /** How long a COMPLETED record suppresses repeats, ms. */
    readonly ttlMs: number;
    /** How long a claim holds before another worker may take over (>= the function timeout), ms. */
    readonly inProgressMs: number;
    readonly clock?: () => number;
    /** Told when the outcome could not be recorded after every retry (the work did run). @default one JSON line on stderr */
    readonly onUnrecorded?: (key: string, error: unknown) => void;
}

/**
 * Writes of the outcome after the work succeeded: a few quick retries, since the work is done and
 * a lost record would let a later copy run it again (about 1.5 s in all, well inside any timeout).
 */
const COMPLETE_ATTEMPTS = 5;
const COMPLETE_BACKOFF = { initialDelay: 50, maxDelay: 800 };

export type IdempotentRun = { readonly replayed: false; readonly result: string } | { readonly replayed: true; readonly result: string };

/** Runs work at most once per key while its record lives. */
export class Idempotency {
    private readonly clock: () => number;
    private readonly completeRetry: RetryPolicy = retry(handleAll, {
        maxAttempts: COMPLETE_ATTEMPTS - 1,
        backoff: new ExponentialBackoff(COMPLETE_BACKOFF),
    });

    constructor(
        private readonly store: IdempotencyStore,
        private readonly options: IdempotencyOptions,
    ) {
        // Keys become Cosmos DB ids and Firestore document ids, which refuse '/', '\\', '?' and '#'.
        if (!/^[A-Za-z0-9._-]{1,100}$/.test(options.scope))
            throw new RangeError(
                `idempotency scope must be 1 to 100 letters, digits, '.', '_' or '-', got ${JSON.stringify(options.scope)}`,
            );
        this.clock = options.clock ?? Date.now;
    }

    /** The stored key: scope + sha256 of the chosen part of the message, so any text is a safe key of fixed length. */
    keyOf(part: string): string {
        return `${this.options.scope}:${createHash("sha256").update(part).digest("hex")}`;
    }

    /**
     * Runs `work` unless the key already COMPLETED (its stored result is returned) or is
     * INPROGRESS elsewhere (AlreadyInProgressError). On failure the claim is released and
     * the error rethrown, so the next delivery runs again. After success the result is stored,
     * with retries; the run succeeds even if storing never does, as the work did.
     */
    async run(part: string, work: () => Promise<string>): Promise<IdempotentRun> {
        const key = this.keyOf(part);
        const token = randomUUID();
        const now = this.clock();
        const claim = await this.store.claim({
            key,
            token,
            now,
            inProgressUntil: now + this.options.inProgressMs,
            expiresAt: now + this.options.ttlMs,
        });
        if (!claim.acquired) {
            if (claim.existing?.status === "COMPLETED" && claim.existing.expiresAt > now)
                return { replayed: true, result: claim.existing.result ?? "null" };
            throw new AlreadyInProgressError(key);
        }
        let result: string;
        try {
            result = await work();
        } catch (err) {
            await this.store.release(key, token);
            throw err;
        }
        // A lost claim (we overran inProgressMs and someone took over) still did the work once here;
        // the record the other holder writes is as good as ours, so nothing more to do.
        try {
            await this.completeRetry.execute(() => this.store.complete(key, token, result, this.clock() + this.options.ttlMs));
        } catch (err) {
            // The work succeeded, so that is the outcome: failing now would have the cloud redeliver
            // and redo it. The claim is kept (not released), so copies arriving before it lapses wait.
            (this.options.onUnrecorded ?? logUnrecorded)(key, err);
        }
        return { replayed: false, result };
    }
}

function logUnrecorded(key: string, error: unknown): void {
    console.error(
        JSON.stringify({
            level: "error",
            msg: "work done but its idempotency record could not be completed; a copy arriving after the claim lapses would run again",
            key,
            error: String(error),
        }),
    );
}
