import { ConditionalCheckFailedError, DynamoDocumentClient } from "../clients/dynamodb";
import { Claim, ClaimResult, IdempotencyRecord, IdempotencyStore } from "./port";

/**
 * Idempotency records in a DynamoDB table with partition key `id` (S) and TTL attribute `ttl`
 * (epoch seconds: DynamoDB's TTL unit). Deadlines compared in conditions are epoch ms.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
    constructor(
        private readonly client: DynamoDocumentClient,
        private readonly tableName: string,
    ) {}

    async claim(claim: Claim): Promise<ClaimResult> {
        try {
            await this.client.put({
                TableName: this.tableName,
                Item: {
                    id: claim.key,
                    status: "INPROGRESS",
                    expiresAt: claim.expiresAt,
                    inProgressUntil: claim.inProgressUntil,
                    token: claim.token,
                    ttl: Math.ceil(claim.expiresAt / 1000),
                },
                ConditionExpression: "attribute_not_exists(id) OR expiresAt <= :now OR (#status = :inProgress AND inProgressUntil <= :now)",
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: { ":now": claim.now, ":inProgress": "INPROGRESS" },
            });
            return { acquired: true };
        } catch (err) {
            if (!(err instanceof ConditionalCheckFailedError)) throw err;
            return { acquired: false, existing: await this.get(claim.key) };
        }
    }

    async complete(key: string, token: string, result: string, expiresAt: number): Promise<boolean> {
        try {
            await this.client.update({
                TableName: this.tableName,
                Key: { id: key },
                UpdateExpression: "SET #status = :completed, #result = :result, expiresAt = :expiresAt, #ttl = :ttl",
                ConditionExpression: "#token = :token AND #status = :inProgress",
                ExpressionAttributeNames: { "#status": "status", "#result": "result", "#ttl": "ttl", "#token": "token" },
                ExpressionAttributeValues: {
                    ":completed": "COMPLETED",
                    ":inProgress": "INPROGRESS",
                    ":result": result,
                    ":expiresAt": expiresAt,
                    ":ttl": Math.ceil(expiresAt / 1000),
                    ":token": token,
                },
            });
            return true;
        } catch (err) {
            if (err instanceof ConditionalCheckFailedError) return false;
            throw err;
        }
    }

    async release(key: string, token: string): Promise<void> {
        try {
            await this.client.delete({
                TableName: this.tableName,
                Key: { id: key },
                ConditionExpression: "#token = :token",
                ExpressionAttributeNames: { "#token": "token" },
                ExpressionAttributeValues: { ":token": token },
            });
        } catch (err) {
            if (!(err instanceof ConditionalCheckFailedError)) throw err;
        }
    }

    async get(key: string): Promise<IdempotencyRecord | undefined> {
        const Item = await this.client.get({ TableName: this.tableName, Key: { id: key }, ConsistentRead: true });
        if (!Item) return undefined;
        return {
            key,
            status: Item.status as IdempotencyRecord["status"],
            expiresAt: Number(Item.expiresAt),
            inProgressUntil: Number(Item.inProgressUntil),
            token: String(Item.token),
            ...(Item.result !== undefined ? { result: String(Item.result) } : {}),
        };
    }
}
