import type { CollectionReference, Firestore } from "@google-cloud/firestore";
import { Timestamp } from "@google-cloud/firestore";
import { Claim, ClaimResult, IdempotencyRecord, IdempotencyStore, isClaimable } from "./port";

interface Doc {
    readonly status: IdempotencyRecord["status"];
    readonly expiresAt: number;
    readonly inProgressUntil: number;
    readonly token: string;
    readonly result?: string;
    /** Timestamp field for a Firestore TTL policy (Firestore TTL needs a Timestamp, not a number). */
    readonly expireAt: Timestamp;
}

/**
 * Idempotency records in a Firestore collection, one document per key. Every change runs in a
 * transaction that reads the document first; Firestore retries a transaction whose read was
 * overtaken, so of two racing claims exactly one commits.
 */
export class FirestoreIdempotencyStore implements IdempotencyStore {
    private readonly collection: CollectionReference;

    constructor(
        private readonly db: Firestore,
        collection: string,
    ) {
        this.collection = db.collection(collection);
    }

    claim(claim: Claim): Promise<ClaimResult> {
        const ref = this.collection.doc(claim.key);
        return this.db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            const existing = snap.exists ? fromDoc(claim.key, snap.data() as Doc) : undefined;
            if (!isClaimable(existing, claim.now)) return { acquired: false, existing };
            const doc: Doc = {
                status: "INPROGRESS",
                expiresAt: claim.expiresAt,
                inProgressUntil: claim.inProgressUntil,
                token: claim.token,
                expireAt: Timestamp.fromMillis(claim.expiresAt),
            };
            tx.set(ref, doc);
            return { acquired: true } as const;
        });
    }

    complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean> {
        const ref = this.collection.doc(key);
        return this.db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            const doc = snap.data() as Doc | undefined;
            if (!doc || doc.token !== token || doc.status !== "INPROGRESS") return false;
            tx.set(ref, { ...doc, status: "COMPLETED", result, expiresAt, expireAt: Timestamp.fromMillis(expiresAt) } satisfies Doc);
            return true;
        });
    }

    release(key: string, token: string): Promise<void> {
        const ref = this.collection.doc(key);
        return this.db.runTransaction(async (tx) => {
            const snap = await tx.get(ref);
            if ((snap.data() as Doc | undefined)?.token === token) tx.delete(ref);
        });
    }

    async get(key: string): Promise<IdempotencyRecord | undefined> {
        const snap = await this.collection.doc(key).get();
        return snap.exists ? fromDoc(key, snap.data() as Doc) : undefined;
    }
}

function fromDoc(key: string, doc: Doc): IdempotencyRecord {
    return {
        key,
        status: doc.status,
        expiresAt: doc.expiresAt,
        inProgressUntil: doc.inProgressUntil,
        token: doc.token,
        ...(doc.result !== undefined ? { result: doc.result } : {}),
    };
}
