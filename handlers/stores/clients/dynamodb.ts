/**
 * DynamoDB with plain JS values in and out, over its AWS JSON 1.0 protocol: exactly the
 * operations the store adapters send (GetItem, PutItem, UpdateItem, DeleteItem, Query,
 * TransactWriteItems), each input in the API's own member names with values marshalled by
 * @aws-sdk/util-dynamodb as @aws-sdk/lib-dynamodb does (undefined fields dropped). The two
 * refusals the adapters act on come back as their own classes, with what DynamoDB returned:
 * a failed condition with the item (ReturnValuesOnConditionCheckFailure), a cancelled
 * transaction with its CancellationReasons, one per item in order.
 * In Lambda the options are empty (region and credentials come from the environment); tests
 * pass a peer's endpoint.
 */
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { AwsJsonOptions, awsJsonClient, AwsJsonService, AwsServiceError } from "./aws-json";

/** @aws-sdk/client-dynamodb's protocol and its retry defaults (4 attempts, 25 ms base: resolveRetryConfig in its runtime config). */
const DYNAMODB: AwsJsonService = {
    signingName: "dynamodb",
    endpointId: "DYNAMODB",
    targetPrefix: "DynamoDB_20120810",
    jsonVersion: "1.0",
    maxAttempts: 4,
    baseDelayMs: 25,
};

export type Values = Record<string, unknown>;
type AttributeMap = Record<string, unknown>;

interface Expressions {
    readonly ConditionExpression?: string;
    readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
    readonly ExpressionAttributeValues?: Values;
}

export interface GetInput {
    readonly TableName: string;
    readonly Key: Values;
    readonly ConsistentRead?: boolean;
}

export interface PutInput extends Expressions {
    readonly TableName: string;
    readonly Item: Values;
    readonly ReturnValuesOnConditionCheckFailure?: "ALL_OLD" | "NONE";
}

export interface UpdateInput extends Expressions {
    readonly TableName: string;
    readonly Key: Values;
    readonly UpdateExpression: string;
}

export interface DeleteInput extends Expressions {
    readonly TableName: string;
    readonly Key: Values;
}

export interface ConditionCheckInput extends Expressions {
    readonly TableName: string;
    readonly Key: Values;
    readonly ConditionExpression: string;
}

export interface QueryInput {
    readonly TableName: string;
    readonly KeyConditionExpression: string;
    readonly FilterExpression?: string;
    readonly ProjectionExpression?: string;
    readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
    readonly ExpressionAttributeValues?: Values;
    readonly ScanIndexForward?: boolean;
    readonly Limit?: number;
    readonly ConsistentRead?: boolean;
    readonly ExclusiveStartKey?: Values;
}

export type TransactWriteItem = { readonly Put: PutInput } | { readonly ConditionCheck: ConditionCheckInput };

export interface DynamoDocumentClient {
    /** The item, or undefined when there is none. */
    get(input: GetInput): Promise<Values | undefined>;
    put(input: PutInput): Promise<void>;
    update(input: UpdateInput): Promise<void>;
    delete(input: DeleteInput): Promise<void>;
    /** One page: its items and the key to start the next one from, if there is one. */
    query(input: QueryInput): Promise<{ items: Values[]; lastEvaluatedKey?: Values }>;
    transactWrite(items: readonly TransactWriteItem[]): Promise<void>;
}

/** A condition expression was false; `item` is the item as it was, when the request asked for it. */
export class ConditionalCheckFailedError extends AwsServiceError {
    readonly item: Values | undefined;

    constructor(refusal: AwsServiceError) {
        super(refusal.code, refusal.status, refusal.message, refusal.body);
        const item = refusal.body.Item as AttributeMap | undefined;
        this.item = item && unmarshall(item as never);
    }
}

/** Why each item of a cancelled transaction failed (`None` for those that did not), in the items' order. */
export interface CancellationReason {
    readonly Code: string;
    readonly Message?: string;
}

export class TransactionCanceledError extends AwsServiceError {
    readonly cancellationReasons: readonly CancellationReason[];

    constructor(refusal: AwsServiceError) {
        super(refusal.code, refusal.status, refusal.message, refusal.body);
        this.cancellationReasons = (refusal.body.CancellationReasons as CancellationReason[] | undefined) ?? [];
    }
}

const toAttributes = (values: Values): AttributeMap => marshall(values, { removeUndefinedValues: true });

/** The input with its values as DynamoDB attribute values. */
function marshalled<T extends { Key?: Values; Item?: Values; ExpressionAttributeValues?: Values; ExclusiveStartKey?: Values }>(
    input: T,
): object {
    return {
        ...input,
        ...(input.Key && { Key: toAttributes(input.Key) }),
        ...(input.Item && { Item: toAttributes(input.Item) }),
        ...(input.ExpressionAttributeValues && { ExpressionAttributeValues: toAttributes(input.ExpressionAttributeValues) }),
        ...(input.ExclusiveStartKey && { ExclusiveStartKey: toAttributes(input.ExclusiveStartKey) }),
    };
}

const fromAttributes = (item: AttributeMap): Values => unmarshall(item as never);

export function dynamoDocumentClient(options: AwsJsonOptions = {}): DynamoDocumentClient {
    const call = awsJsonClient(DYNAMODB, options);
    const send = async <Out>(operation: string, input: object): Promise<Out> => {
        try {
            return await call<Out>(operation, input);
        } catch (err) {
            if (err instanceof AwsServiceError && err.code === "ConditionalCheckFailedException")
                throw new ConditionalCheckFailedError(err);
            if (err instanceof AwsServiceError && err.code === "TransactionCanceledException") throw new TransactionCanceledError(err);
            throw err;
        }
    };
    return {
        async get(input) {
            const { Item } = await send<{ Item?: AttributeMap }>("GetItem", marshalled(input));
            return Item && fromAttributes(Item);
        },
        put: async (input) => void (await send("PutItem", marshalled(input))),
        update: async (input) => void (await send("UpdateItem", marshalled(input))),
        delete: async (input) => void (await send("DeleteItem", marshalled(input))),
        async query(input) {
            const page = await send<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>("Query", marshalled(input));
            return {
                items: (page.Items ?? []).map(fromAttributes),
                ...(page.LastEvaluatedKey && { lastEvaluatedKey: fromAttributes(page.LastEvaluatedKey) }),
            };
        },
        async transactWrite(items) {
            const TransactItems = items.map((item) =>
                "Put" in item ? { Put: marshalled(item.Put) } : { ConditionCheck: marshalled(item.ConditionCheck) },
            );
            await send("TransactWriteItems", { TransactItems });
        },
    };
}
