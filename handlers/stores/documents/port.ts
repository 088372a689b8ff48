/**
 * The write model's port: one document per key, with a version that every write increments. A
 * delete is a write too (a tombstone), so the version keeps rising across delete and re-create
 * and the read side can always tell an older change from a newer one. Adapters: dynamodb.ts,
 * cosmos.ts, spanner.ts, each checked by test/cqrs/document-store.contract.ts against a real peer.
 */

/** A document as stored: `deleted` tombstones keep the version and an empty body. */
export interface StoredDocument {
    readonly id: string;
    readonly version: number;
    readonly deleted: boolean;
    readonly document: Readonly<Record<string, unknown>>;
}

/** The next state of a document: its body, or a tombstone. */
export type NextDocument = { readonly deleted: false; readonly document: Readonly<Record<string, unknown>> } | { readonly deleted: true };

export interface DocumentStore {
    /** The stored document or tombstone, or undefined if the id was never written. */
    read(id: string): Promise<StoredDocument | undefined>;
    /**
     * Stores `next` as version `expectedVersion + 1` if the stored version is `expectedVersion`
     * (0: nothing stored yet); otherwise throws {@link DocumentVersionConflictError}.
     */
    write(id: string, next: NextDocument, expectedVersion: number): Promise<StoredDocument>;
}

/** Someone else wrote first: `actual` is the version now stored (0 when none). */
export class DocumentVersionConflictError extends Error {
    constructor(
        readonly id: string,
        readonly expected: number,
        readonly actual: number,
    ) {
        super(`document '${id}' is at version ${actual}, not ${expected}`);
        this.name = "DocumentVersionConflictError";
    }
}

/** The stored form of a next document at a version. */
export function storedDocument(id: string, next: NextDocument, version: number): StoredDocument {
    return { id, version, deleted: next.deleted, document: next.deleted ? {} : next.document };
}
