/**
 * One shard's items: the write model's versioned documents (stores/documents/port.ts), plus what
 * a sharded store needs beyond one key: reading a shard in key order (scatter-gather, the mover),
 * copying an item in without overwriting a newer one, and removing an item once it has moved.
 * Adapters: postgres.ts, dynamodb.ts, cosmos.ts, spanner.ts, each checked against a real peer by
 * test/sharding/shard-store.contract.ts.
 */
import type { DocumentStore, StoredDocument } from "../documents/port";

export type { NextDocument, StoredDocument } from "../documents/port";
export { DocumentVersionConflictError, storedDocument } from "../documents/port";

export interface ShardStore extends DocumentStore {
    /** Up to `limit` items and tombstones with id > `after` (all, when absent), in id order (UTF-8 byte order). */
    list(after: string | undefined, limit: number): Promise<StoredDocument[]>;
    /** Stores `item` as it is, version included, unless the id is stored already; true if it was stored. */
    copy(item: StoredDocument): Promise<boolean>;
    /** Removes the id for good, if it is at `version` (any version when absent); true if it was removed. */
    remove(id: string, version?: number): Promise<boolean>;
}
