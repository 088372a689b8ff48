/**
 * Azure Functions (v4 programming model) adapters: HTTP, Service Bus queue and Cosmos DB change
 * feed. Only types come from `@azure/functions`; the bundle's wrapper does the registration.
 */
import type { Cookie, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { HttpHandler, Message, MessageBatchHandler } from "../contracts";
import { exchange, singleValueHeaders } from "./http-exchange";
import { failedMessageIds, readRecords } from "./message-batch";

/**
 * Wraps an {@link HttpHandler} for `app.http`. `HttpRequest` wraps a fetch Request but is not
 * one, so a real Request is built from it. Set-Cookie goes back through `cookies`: the worker
 * keeps one value per header name, so repeated Set-Cookie headers would lose all but the last.
 */
export function azureHttp(handler: HttpHandler): (req: HttpRequest, ctx: InvocationContext) => Promise<HttpResponseInit> {
    return async (req, ctx) => {
        const response = await exchange(handler, {
            url: req.url,
            method: req.method,
            headers: req.headers,
            body: req.body === null ? undefined : new Uint8Array(await req.arrayBuffer()),
            platformRequestId: ctx.invocationId,
        });
        return {
            status: response.status,
            headers: singleValueHeaders(response.headers),
            cookies: response.headers.getSetCookie().map(parseSetCookie),
            body: new Uint8Array(await response.arrayBuffer()),
        };
    };
}

/**
 * A Set-Cookie header as the worker's cookie object. Attributes the worker has no field for
 * (Partitioned, Priority), or with values it cannot carry (an unparseable date), are dropped
 * rather than failing the response; the value is kept as sent.
 */
export function parseSetCookie(header: string): Cookie {
    const [pair, ...attributes] = header.split(";");
    const eq = pair.indexOf("=");
    const cookie: Cookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
    for (const attribute of attributes) {
        const [rawKey, ...rest] = attribute.split("=");
        const key = rawKey.trim().toLowerCase();
        const value = rest.join("=").trim();
        if (key === "domain") cookie.domain = value;
        else if (key === "path") cookie.path = value;
        else if (key === "expires" && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
        else if (key === "max-age" && Number.isFinite(Number(value))) cookie.maxAge = Number(value);
        else if (key === "secure") cookie.secure = true;
        else if (key === "httponly") cookie.httpOnly = true;
        else if (key === "samesite") cookie.sameSite = sameSite(value);
    }
    return cookie;
}

function sameSite(value: string): Cookie["sameSite"] {
    const lower = value.toLowerCase();
    return lower === "strict" ? "Strict" : lower === "lax" ? "Lax" : lower === "none" ? "None" : undefined;
}

/** Trigger metadata of a Service Bus message, as the worker camel-cases it. */
interface ServiceBusMetadata {
    readonly messageId?: string;
    readonly deliveryCount?: number;
    readonly enqueuedTimeUtc?: string;
    readonly applicationProperties?: Record<string, unknown>;
}

/**
 * Wraps a {@link MessageBatchHandler} for `app.serviceBusQueue` (one message per invocation).
 * Node has no per-message settlement, so a failed message throws: the runtime abandons it, Service
 * Bus redelivers it, and after the queue's `maxDeliveryCount` moves it to the dead-letter queue.
 */
export function azureServiceBus(handler: MessageBatchHandler): (message: unknown, ctx: InvocationContext) => Promise<void> {
    return async (message, ctx) => {
        const metadata = (ctx.triggerMetadata ?? {}) as ServiceBusMetadata;
        const id = metadata.messageId ?? ctx.invocationId;
        const failed = await failedMessageIds(handler, [
            {
                id,
                body: bodyText(message),
                attempt: metadata.deliveryCount ?? 1,
                receivedAt: metadata.enqueuedTimeUtc ? new Date(metadata.enqueuedTimeUtc) : new Date(),
                attributes: stringValues(metadata.applicationProperties ?? {}),
            },
        ]);
        if (failed.length > 0)
            throw new Error(`Service Bus message ${id} failed (attempt ${metadata.deliveryCount ?? 1}); it will be redelivered`);
    };
}

/** A Cosmos DB document as the change feed delivers it (latest version mode). */
interface ChangeFeedDocument {
    readonly id: string;
    readonly _ts?: number;
    readonly _lsn?: number;
    readonly _etag?: string;
}

/**
 * Wraps a {@link MessageBatchHandler} for `app.cosmosDB` (change feed, latest version mode).
 * The change feed has no per-document settlement: if any document fails, the whole batch throws
 * and the function's retry policy re-delivers the batch from the last checkpoint, so handlers must
 * be idempotent. Each message body is the document's JSON; its id is the document id.
 */
export function azureCosmosChangeFeed(handler: MessageBatchHandler): (documents: unknown[], ctx: InvocationContext) => Promise<void> {
    return async (documents, ctx) => {
        const attempt = (ctx.retryContext?.retryCount ?? 0) + 1;
        const { messages, unreadable } = readRecords(
            documents as ChangeFeedDocument[],
            (d) => String(d.id),
            (doc) => changeFeedMessage(doc, attempt),
        );
        const failed = await failedMessageIds(handler, messages, unreadable);
        if (failed.length > 0) {
            throw new Error(
                `${failed.length} of ${documents.length} change feed documents failed (${failed.join(", ")}); retrying the batch`,
            );
        }
    };
}

function changeFeedMessage(doc: ChangeFeedDocument, attempt: number): Message {
    if (typeof doc.id !== "string") throw new TypeError(`change feed document has no string id: ${JSON.stringify(doc)}`);
    return {
        id: doc.id,
        body: JSON.stringify(doc),
        attempt,
        receivedAt: doc._ts === undefined ? new Date() : new Date(doc._ts * 1000),
        attributes: stringValues({ lsn: doc._lsn, etag: doc._etag }),
    };
}

/** The worker parses JSON message bodies; the neutral contract carries text. */
function bodyText(message: unknown): string {
    if (typeof message === "string") return message;
    if (Buffer.isBuffer(message)) return message.toString("utf8");
    return JSON.stringify(message);
}

function stringValues(values: Record<string, unknown>): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
        if (value !== undefined && value !== null) result[name] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return result;
}
