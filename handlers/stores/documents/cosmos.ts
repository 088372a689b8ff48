/**
 * The write model on Cosmos DB: one item per document (partition key `/id`, unless a
 * {@link CosmosItemLayout} says otherwise); a create for the first version, then a replace
 * conditioned on the item's `_etag`, read together with its version.
 * Tombstones carry `ttl` (the container's default TTL is -1: on, nothing expires unless it says so),
 * since the change feed in latest-version mode never shows a delete.
 */
import type { CosmosRestContainer as Container, PartitionKey } from "../clients/cosmos-rest";
import { fromItem, toItem } from "./item";
import { DocumentStore, DocumentVersionConflictError, NextDocument, storedDocument } from "./port";

export const TOMBSTONE_SECONDS = 7 * 24 * 3600;

interface CosmosItem {
    id: string;
    version: number;
    deleted: boolean;
    body: string;
    _etag?: string;
}

/** Where a document's item lives, for containers keyed other than by `/id` alone. */
export interface CosmosItemLayout {
    /** The partition key value of an id's item. @default the id */
    readonly partitionKey?: (id: string) => PartitionKey;
    /**
     * Fields every item carries besides the document's own: the upper levels of a hierarchical key,
     * or what a reader that cannot parse `body` needs (AI Search's indexer). @default none
     */
    readonly fields?: (id: string, next: NextDocument) => Record<string, unknown>;
    /** `expire`: tombstones go after {@link TOMBSTONE_SECONDS}; `keep`: until removed. @default "expire" */
    readonly tombstones?: "expire" | "keep";
}

export function cosmosDocumentStore(container: Container, layout: CosmosItemLayout = {}): DocumentStore {
    const { partitionKey = (id: string) => id, fields = () => ({}), tombstones = "expire" } = layout;
    const readItem = async (id: string) => (await container.item(id, partitionKey(id)).read<CosmosItem>()).resource;
    const conflict = async (id: string, expected: number): Promise<never> => {
        throw new DocumentVersionConflictError(id, expected, (await readItem(id))?.version ?? 0);
    };
    return {
        async read(id) {
            const item = await readItem(id);
            return item && fromItem(item);
        },
        async write(id, next, expectedVersion) {
            const version = expectedVersion + 1;
            const item = {
                ...fields(id, next),
                ...toItem(id, next, version),
                ...(next.deleted && tombstones === "expire" ? { ttl: TOMBSTONE_SECONDS } : {}),
            };
            try {
                if (expectedVersion === 0) {
                    await container.items.create(item);
                } else {
                    const stored = await readItem(id);
                    if (stored?.version !== expectedVersion || stored._etag === undefined) return conflict(id, expectedVersion);
                    await container
                        .item(id, partitionKey(id))
                        .replace(item, { accessCondition: { type: "IfMatch", condition: stored._etag } });
                }
            } catch (err) {
                const code = (err as { code?: number }).code;
                // 409: the id exists (create); 412: the etag moved (replace).
                if (code === 409 || code === 412) return conflict(id, expectedVersion);
                throw err;
            }
            return storedDocument(id, next, version);
        },
    };
}
