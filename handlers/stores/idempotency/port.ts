/**
 * Idempotency records after the Powertools for AWS Lambda design: a conditional write takes a
 * key INPROGRESS, the work runs, the record becomes COMPLETED with the stored result until it
 * expires; on failure it is deleted so a retry can run. Every deadline is epoch milliseconds.
 */

export type IdempotencyStatus = "INPROGRESS" | "COMPLETED";

export interface IdempotencyRecord {
    readonly key: string;
    readonly status: IdempotencyStatus;
    /** When the record stops counting at all (epoch ms); the store's TTL removes it later. */
    readonly expiresAt: number;
    /** INPROGRESS only: when its holder is presumed dead and another worker may take over (epoch ms). */
    readonly inProgressUntil: number;
    /** Random per claim: only the holder may complete or release its claim. */
    readonly token: string;
    /** COMPLETED only: the stored result, as JSON text. */
    readonly result?: string;
}

export interface Claim {
    readonly key: string;
    readonly token: string;
    readonly now: number;
    readonly inProgressUntil: number;
    readonly expiresAt: number;
}

export type ClaimResult =
    | { readonly acquired: true }
    /** `existing` is the record that won, or undefined if it vanished between the write and the read. */
    | { readonly acquired: false; readonly existing?: IdempotencyRecord };

/** The port each adapter (DynamoDB, Cosmos DB, Firestore, PostgreSQL) implements; one contract suite checks them all. */
export interface IdempotencyStore {
    /**
     * Writes an INPROGRESS record iff none exists, the existing one has expired
     * (`expiresAt <= now`), or it is INPROGRESS past its `inProgressUntil`. Atomic: of two
     * racing claims on one key exactly one is acquired.
     */
    claim(claim: Claim): Promise<ClaimResult>;
    /** Marks the claim COMPLETED with `result` until `expiresAt`; false if the claim was lost to a takeover. */
    complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean>;
    /** Deletes the claim so the next delivery can run; a no-op if another holder has it. */
    release(key: string, token: string): Promise<void>;
    /** The record, expired or not; undefined if absent. */
    get(key: string): Promise<IdempotencyRecord | undefined>;
}

/** True when a stored record no longer blocks a new claim at `now`. */
export function isClaimable(record: IdempotencyRecord | undefined, now: number): boolean {
    return record === undefined || record.expiresAt <= now || (record.status === "INPROGRESS" && record.inProgressUntil <= now);
}
