/**
 * Shards in one DynamoDB table: hash key `shard`, range key `id`, so a shard is one item
 * collection read in id order by Query, and DynamoDB splits it by sort-key range as it grows or
 * heats up. Every write is a conditional put or delete, so racing writers need no transaction.
 */
import { ConditionalCheckFailedError, DynamoDocumentClient } from "../clients/dynamodb";
import { DocumentVersionConflictError, ShardStore, StoredDocument, storedDocument } from "./port";

interface Item {
    shard: string;
    id: string;
    version: number;
    deleted: boolean;
    body: string;
}

function fromItem(item: Item): StoredDocument {
    return {
        id: item.id,
        version: Number(item.version),
        deleted: item.deleted,
        document: item.deleted ? {} : (JSON.parse(item.body) as Record<string, unknown>),
    };
}

function toItem(shard: string, doc: StoredDocument): Item {
    return { shard, id: doc.id, version: doc.version, deleted: doc.deleted, body: JSON.stringify(doc.document) };
}

async function conditional(send: () => Promise<unknown>): Promise<boolean> {
    try {
        await send();
        return true;
    } catch (err) {
        if (err instanceof ConditionalCheckFailedError) return false;
        throw err;
    }
}

export function dynamoShardStore(client: DynamoDocumentClient, table: string, shard: string): ShardStore {
    const read = async (id: string) => {
        const item = await client.get({ TableName: table, Key: { shard, id }, ConsistentRead: true });
        return item && fromItem(item as unknown as Item);
    };
    const insert = (doc: StoredDocument) =>
        conditional(() =>
            client.put({ TableName: table, Item: { ...toItem(shard, doc) }, ConditionExpression: "attribute_not_exists(id)" }),
        );
    return {
        read,
        async write(id, next, expectedVersion) {
            const doc = storedDocument(id, next, expectedVersion + 1);
            const written =
                expectedVersion === 0
                    ? await insert(doc)
                    : await conditional(() =>
                          client.put({
                              TableName: table,
                              Item: { ...toItem(shard, doc) },
                              ConditionExpression: "version = :expected",
                              ExpressionAttributeValues: { ":expected": expectedVersion },
                          }),
                      );
            if (!written) throw new DocumentVersionConflictError(id, expectedVersion, (await read(id))?.version ?? 0);
            return doc;
        },
        async list(after, limit) {
            const { items } = await client.query({
                TableName: table,
                ConsistentRead: true,
                Limit: limit,
                // SHARD is a DynamoDB reserved word, so the attribute goes by a placeholder.
                KeyConditionExpression: after === undefined ? "#shard = :shard" : "#shard = :shard AND id > :after",
                ExpressionAttributeNames: { "#shard": "shard" },
                ExpressionAttributeValues: { ":shard": shard, ...(after !== undefined && { ":after": after }) },
            });
            return (items as unknown as Item[]).map(fromItem);
        },
        copy: insert,
        remove: (id, version) =>
            conditional(() =>
                client.delete({
                    TableName: table,
                    Key: { shard, id },
                    ...(version === undefined
                        ? { ConditionExpression: "attribute_exists(id)" }
                        : { ConditionExpression: "version = :version", ExpressionAttributeValues: { ":version": version } }),
                }),
            ),
    };
}
