/**
 * The write model on DynamoDB: one item per document (hash key `id`), a conditional put on the
 * version for every write. Tombstones get `expiresAt` (the table's TTL attribute) a day on, which
 * is longer than the stream keeps a change, so the projector always sees them first.
 */
import { TTL_ATTRIBUTE } from "./ttl-attribute";
import { ConditionalCheckFailedError, DynamoDocumentClient } from "../clients/dynamodb";
import { fromItem, toItem } from "./item";
import { DocumentStore, DocumentVersionConflictError, storedDocument } from "./port";

/** Seconds a tombstone is kept: DynamoDB Streams keep a change 24 hours. */
export const TOMBSTONE_SECONDS = 2 * 24 * 3600;

export function dynamoDocumentStore(client: DynamoDocumentClient, table: string, now: () => Date = () => new Date()): DocumentStore {
    return {
        async read(id) {
            const item = await client.get({ TableName: table, Key: { id }, ConsistentRead: true });
            return item && fromItem(item as Parameters<typeof fromItem>[0]);
        },
        async write(id, next, expectedVersion) {
            const version = expectedVersion + 1;
            const expiresAt = next.deleted ? Math.floor(now().getTime() / 1000) + TOMBSTONE_SECONDS : undefined;
            try {
                await client.put({
                    TableName: table,
                    Item: { ...toItem(id, next, version), [TTL_ATTRIBUTE]: expiresAt },
                    ...(expectedVersion === 0
                        ? { ConditionExpression: "attribute_not_exists(id)" }
                        : { ConditionExpression: "version = :expected", ExpressionAttributeValues: { ":expected": expectedVersion } }),
                    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
                });
            } catch (err) {
                if (err instanceof ConditionalCheckFailedError) {
                    throw new DocumentVersionConflictError(id, expectedVersion, Number(err.item?.version ?? 0));
                }
                throw err;
            }
            return storedDocument(id, next, version);
        },
    };
}
