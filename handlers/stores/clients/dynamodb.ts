import { DynamoDBClient, DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * A DynamoDB document client: plain JS values in and out, undefined fields dropped.
 * In Lambda the config is empty (region and credentials come from the runtime);
 * tests pass a peer's endpoint.
 */
export function dynamoDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
    return DynamoDBDocumentClient.from(new DynamoDBClient(config), { marshallOptions: { removeUndefinedValues: true } });
}
