/**
 * Shards in one DynamoDB table: hash key `shard`, range key `id`. The hash key is the shard's
 * name with a write-sharding suffix (`<shard>#<n>`, write-sharding.ts), so a shard is several item
 * collections, each read in id order by Query and merged. Every write is a conditional put or
 * delete, so racing writers need no transaction.
 */
import { ConditionalCheckFailedError, DynamoDocumentClient } from "../clients/dynamodb";
import { DocumentVersionConflictError, ShardStore, StoredDocument, storedDocument } from "./port";
import { listPartitions, writeShardOf, writeShardsOf, type PartitionPage } from "./write-sharding";

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
    return {
        shard: writeShardOf(shard, doc.id),
        id: doc.id,
        version: doc.version,
        deleted: doc.deleted,
        body: JSON.stringify(doc.document),
    };
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
    /** Up to `limit` items: a Query answers at most 1 MB, so it goes on from where it stopped until `limit` or the end. */
    const partitionPage: PartitionPage = async (partition, after, limit) => {
        const items: Item[] = [];
        let start: Record<string, unknown> | undefined;
        do {
            const page = await client.query({
                TableName: table,
                ConsistentRead: true,
                Limit: limit - items.length,
                // SHARD is a DynamoDB reserved word, so the attribute goes by a placeholder.
                KeyConditionExpression: after === undefined ? "#shard = :shard" : "#shard = :shard AND id > :after",
                ExpressionAttributeNames: { "#shard": "shard" },
                ExpressionAttributeValues: { ":shard": partition, ...(after !== undefined && { ":after": after }) },
                ...(start && { ExclusiveStartKey: start }),
            });
            items.push(...(page.items as unknown as Item[]));
            start = page.lastEvaluatedKey;
        } while (start !== undefined && items.length < limit);
        return { items: items.map(fromItem), done: start === undefined };
    };
    const read = async (id: string) => {
        const item = await client.get({ TableName: table, Key: { shard: writeShardOf(shard, id), id }, ConsistentRead: true });
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
        list: (after, limit) => listPartitions(writeShardsOf(shard), partitionPage, after, limit),
        copy: insert,
        remove: (id, version) =>
            conditional(() =>
                client.delete({
                    TableName: table,
                    Key: { shard: writeShardOf(shard, id), id },
                    ...(version === undefined
                        ? { ConditionExpression: "attribute_exists(id)" }
                        : { ConditionExpression: "version = :version", ExpressionAttributeValues: { ":version": version } }),
                }),
            ),
    };
}
