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
}

export type IdempotentRun = { readonly replayed: false; readonly result: string } | { readonly replayed: true; readonly result: string };

/** Runs work at most once per key while its record lives. */
export class Idempotency {
    private readonly clock: () => number;

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
     * the error rethrown, so the next delivery runs again.
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
        await this.store.complete(key, token, result, this.clock() + this.options.ttlMs);
        return { replayed: false, result };
    }
}
