/**
 * AWS Lambda adapters: API Gateway HTTP API (payload 2.0), SQS and DynamoDB Streams, after
 * Hono's `hono/aws-lambda` for HTTP and Powertools' batch utility for partial batch failures.
 * The event shapes are declared here (the fields read), so the runtime needs no type package.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { HttpHandler, Message, MessageBatchHandler } from "../contracts";
import { encodeBody, exchange, singleValueHeaders } from "./http-exchange";
import { failedMessageIds, readRecords } from "./message-batch";

/** API Gateway HTTP API event, payload format 2.0. */
export interface ApiGatewayV2Event {
    readonly rawPath: string;
    readonly rawQueryString: string;
    /** Lower-cased names; API Gateway joins repeated headers with ",". */
    readonly headers?: Record<string, string | undefined>;
    readonly cookies?: string[];
    readonly body?: string;
    readonly isBase64Encoded: boolean;
    readonly requestContext: {
        readonly domainName: string;
        readonly requestId: string;
        readonly http: { readonly method: string };
    };
}

export interface ApiGatewayV2Result {
    statusCode: number;
    headers: Record<string, string>;
    cookies: string[];
    body: string;
    isBase64Encoded: boolean;
}

/** Wraps an {@link HttpHandler} as a Lambda handler behind an API Gateway HTTP API. */
export function lambdaHttp(handler: HttpHandler): (event: ApiGatewayV2Event) => Promise<ApiGatewayV2Result> {
    return async (event) => {
        const headers = Object.entries(event.headers ?? {}).filter((header): header is [string, string] => header[1] !== undefined);
        // Payload 2.0 moves the Cookie header into its own array.
        if (event.cookies?.length) headers.push(["cookie", event.cookies.join("; ")]);
        const host = event.headers?.host ?? event.requestContext.domainName;
        const query = event.rawQueryString ? `?${event.rawQueryString}` : "";
        const response = await exchange(handler, {
            url: `https://${host}${event.rawPath}${query}`,
            method: event.requestContext.http.method,
            headers,
            body: event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, "base64") : event.body,
            platformRequestId: event.requestContext.requestId,
        });
        return {
            statusCode: response.status,
            headers: singleValueHeaders(response.headers),
            cookies: response.headers.getSetCookie(),
            ...(await encodeBody(response)),
        };
    };
}

/** The Lambda response that reports partial batch failure (the mapping lists ReportBatchItemFailures). */
export interface BatchResponse {
    batchItemFailures: { itemIdentifier: string }[];
}

function batchResponse(failedIds: string[]): BatchResponse {
    return { batchItemFailures: failedIds.map((itemIdentifier) => ({ itemIdentifier })) };
}

export interface SqsRecord {
    readonly messageId: string;
    readonly receiptHandle: string;
    readonly body: string;
    readonly attributes: { readonly ApproximateReceiveCount: string; readonly SentTimestamp: string };
    readonly messageAttributes?: Record<
        string,
        { readonly stringValue?: string; readonly binaryValue?: string; readonly dataType: string }
    >;
    readonly eventSourceARN?: string;
}

export interface SqsEvent {
    readonly Records: readonly SqsRecord[];
}

/**
 * Message attribute carrying the record's receipt handle: a handler can change a received
 * message's visibility (its next retry's delay) only through it.
 */
export const SQS_RECEIPT_HANDLE_ATTRIBUTE = "sqs.receiptHandle";

/** Wraps a {@link MessageBatchHandler} for an SQS event source mapping; failed ids go back to the queue. */
export function lambdaSqs(handler: MessageBatchHandler): (event: SqsEvent) => Promise<BatchResponse> {
    return async (event) => {
        const { messages, unreadable } = readRecords(event.Records, (r) => r.messageId, sqsMessage);
        return batchResponse(await failedMessageIds(handler, messages, unreadable));
    };
}

function sqsMessage(record: SqsRecord): Message {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
        // SQS sends binary attribute values base64-encoded already.
        attributes[name] = value.stringValue ?? value.binaryValue ?? "";
    }
    attributes[SQS_RECEIPT_HANDLE_ATTRIBUTE] = record.receiptHandle;
    return {
        id: record.messageId,
        body: record.body,
        attempt: Number(record.attributes.ApproximateReceiveCount),
        receivedAt: new Date(Number(record.attributes.SentTimestamp)),
        attributes,
    };
}

/** A DynamoDB attribute value as the stream delivers it (`{S: "x"}`, `{N: "1"}`, ...). */
type StreamImage = Parameters<typeof unmarshall>[0];

export interface DynamoDbStreamRecord {
    readonly eventID: string;
    readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
    readonly eventSourceARN?: string;
    readonly dynamodb: {
        readonly SequenceNumber: string;
        readonly ApproximateCreationDateTime: number;
        readonly Keys: StreamImage;
        readonly NewImage?: StreamImage;
        readonly OldImage?: StreamImage;
    };
}

export interface DynamoDbStreamEvent {
    readonly Records: readonly DynamoDbStreamRecord[];
}

/**
 * Wraps a {@link MessageBatchHandler} for a DynamoDB stream's records, delivered by a Lambda event
 * source mapping (`{Records}`) or by an EventBridge Pipe whose target is the function (the records
 * as a JSON array). Each message body is the JSON of `{eventName, keys, newImage, oldImage}` with
 * plain values (binary as base64, sets as arrays); its id is the stream sequence number.
 * The mapping gets the failed sequence numbers to resume from; a Pipe's invocation fails when any
 * record failed, so the Pipe retries the batch (its retry policy, then its dead-letter queue).
 */
export function lambdaDynamoDbStream(
    handler: MessageBatchHandler,
): (event: DynamoDbStreamEvent | readonly DynamoDbStreamRecord[]) => Promise<BatchResponse> {
    return async (event) => {
        const piped = Array.isArray(event);
        const records = piped ? event : (event as DynamoDbStreamEvent).Records;
        const { messages, unreadable } = readRecords(records, (r) => r.dynamodb.SequenceNumber, streamMessage);
        const failed = await failedMessageIds(handler, messages, unreadable);
        if (piped && failed.length > 0)
            throw new Error(`${failed.length} of ${records.length} stream records failed: ${failed.join(", ")}`);
        return batchResponse(failed);
    };
}

function streamMessage(record: DynamoDbStreamRecord): Message {
    const image = (value: StreamImage | undefined) => (value === undefined ? undefined : unmarshall(value));
    const change = {
        eventName: record.eventName,
        keys: image(record.dynamodb.Keys),
        newImage: image(record.dynamodb.NewImage),
        oldImage: image(record.dynamodb.OldImage),
    };
    return {
        id: record.dynamodb.SequenceNumber,
        body: JSON.stringify(change, plainJson),
        // Streams have no receive count; Lambda retries a failed batch from the failed record.
        attempt: 1,
        receivedAt: new Date(record.dynamodb.ApproximateCreationDateTime * 1000),
        attributes: { eventID: record.eventID, eventName: record.eventName },
    };
}

function plainJson(_key: string, value: unknown): unknown {
    if (value instanceof Set) return [...value];
    if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
    return value;
}
