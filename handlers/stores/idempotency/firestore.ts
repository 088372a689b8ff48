import type { FirestoreDatabase } from "../clients/firestore-rest";
import { Claim, ClaimResult, IdempotencyRecord, IdempotencyStore, isClaimable } from "./port";

type Doc = {
    readonly status: IdempotencyRecord["status"];
    readonly expiresAt: number;
    readonly inProgressUntil: number;
    readonly token: string;
    readonly result?: string;
    /** Timestamp field for a Firestore TTL policy (Firestore TTL needs a Timestamp, not a number). */
    readonly expireAt: Date;
};

/**
 * Idempotency records in a Firestore collection, one document per key. Every change runs in a
 * transaction that reads the document first; a transaction whose read was overtaken is aborted
 * and run again, so of two racing claims exactly one commits.
 */
export class FirestoreIdempotencyStore implements IdempotencyStore {
    constructor(
        private readonly db: FirestoreDatabase,
        private readonly collection: string,
    ) {}

    claim(claim: Claim): Promise<ClaimResult> {
        const path = this.pathOf(claim.key);
        return this.db.runTransaction(async (tx) => {
            const found = (await tx.get(path)) as Doc | undefined;
            const existing = found && fromDoc(claim.key, found);
            if (!isClaimable(existing, claim.now)) return { acquired: false, existing };
            const doc: Doc = {
                status: "INPROGRESS",
                expiresAt: claim.expiresAt,
                inProgressUntil: claim.inProgressUntil,
                token: claim.token,
                expireAt: new Date(claim.expiresAt),
            };
            tx.write({ set: path, data: doc });
            return { acquired: true } as const;
        });
    }

    complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean> {
        const path = this.pathOf(key);
        return this.db.runTransaction(async (tx) => {
            const doc = (await tx.get(path)) as Doc | undefined;
            if (!doc || doc.token !== token || doc.status !== "INPROGRESS") return false;
            const completed: Doc = { ...doc, status: "COMPLETED", result, expiresAt, expireAt: new Date(expiresAt) };
            tx.write({ set: path, data: completed });
            return true;
        });
    }

    release(key: string, token: string): Promise<void> {
        const path = this.pathOf(key);
        return this.db.runTransaction(async (tx) => {
            if (((await tx.get(path)) as Doc | undefined)?.token === token) tx.write({ delete: path });
        });
    }

    async get(key: string): Promise<IdempotencyRecord | undefined> {
        const doc = (await this.db.get(this.pathOf(key))) as Doc | undefined;
        return doc && fromDoc(key, doc);
    }

    private pathOf(key: string): string {
        return `${this.collection}/${key}`;
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
