/**
 * Cloud Functions gen2 adapters (functions-framework 5, Express 5): HTTP, Pub/Sub and Firestore
 * document events through Eventarc (CloudEvent), and Cloud Tasks HTTP targets. The bundle exports the wrapped function by name; the
 * framework the platform installs loads it, so no copy of the framework is bundled.
 */
import { randomUUID } from "node:crypto";
import type { CloudEvent, Request, Response } from "@google-cloud/functions-framework";
import { HttpHandler, Message, MessageBatchHandler } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { answerFrameworkErrorsAsProblems } from "./gcp-framework-errors";
import { exchange } from "./http-exchange";
import { failedMessageIds } from "./message-batch";
import { headersOf, readBody, writeResponse } from "./node-http";

/**
 * Wraps an {@link HttpHandler} as an HTTP function. Express has already read the body into `rawBody`;
 * what its parsers refuse before the function runs is answered as a problem document too.
 */
export function gcpHttp(handler: HttpHandler): (req: Request, res: Response) => Promise<void> {
    // The bundle wraps its function when the framework loads it, before the framework builds its server.
    answerFrameworkErrorsAsProblems();
    return async (req, res) => {
        const response = await exchange(handler, {
            url: `${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`,
            method: req.method,
            headers: headersOf(req),
            // The framework's body parsers skip a request without a content type; its body is still unread.
            body: req.rawBody ?? (await readBody(req)),
            platformRequestId: platformRequestId(req),
        });
        await writeResponse(res, response);
    };
}

/**
 * The execution id the framework took from `function-execution-id` (or generated, and writes into
 * its log entries); a fresh id only when called outside the framework.
 */
function platformRequestId(req: Request): string {
    return req.executionId ?? randomUUID();
}

/** The `data` of a Pub/Sub message-published CloudEvent. */
export interface PubSubMessageData {
    readonly message: {
        readonly data?: string;
        readonly messageId: string;
        readonly publishTime: string;
        readonly attributes?: Record<string, string>;
        /** Present when the subscription has a dead-letter policy. */
        readonly deliveryAttempt?: number;
    };
    readonly subscription?: string;
}

/**
 * Wraps a {@link MessageBatchHandler} as a CloudEvent function for Pub/Sub (one message per
 * event). A failed message throws, the push gets a non-2xx, and Pub/Sub redelivers it until the
 * subscription's dead-letter policy takes it.
 */
export function gcpPubSub(handler: MessageBatchHandler): (event: CloudEvent<PubSubMessageData>) => Promise<void> {
    return async (event) => {
        const message = event.data?.message;
        if (message === undefined) throw new Error(`CloudEvent ${event.id} of type ${event.type} carries no Pub/Sub message`);
        const failed = await failedMessageIds(handler, [
            {
                id: message.messageId,
                body: Buffer.from(message.data ?? "", "base64").toString("utf8"),
                attempt: message.deliveryAttempt ?? 1,
                receivedAt: new Date(message.publishTime),
                attributes: message.attributes ?? {},
            },
        ]);
        if (failed.length > 0) throw new Error(`Pub/Sub message ${message.messageId} failed; it will be redelivered`);
    };
}

/**
 * Wraps a {@link MessageBatchHandler} as a Cloud Tasks HTTP target: one task is one message.
 * 2xx acknowledges the task; a failure answers 500 so Cloud Tasks retries it with the queue's
 * backoff until its max attempts. A request without the Cloud Tasks headers is answered 400.
 */
export function gcpCloudTasks(handler: MessageBatchHandler): (req: Request, res: Response) => Promise<void> {
    return async (req, res) => {
        const taskName = req.get("x-cloudtasks-taskname");
        const occurrence = { instance: req.path, requestId: platformRequestId(req) };
        if (!taskName) {
            const missing = new HttpError(400, "Bad Request", "not a Cloud Tasks request: the X-CloudTasks-TaskName header is missing");
            await writeResponse(res, problemResponse(missing, occurrence));
            return;
        }
        const body = (req.rawBody ?? (await readBody(req))).toString("utf8");
        const failed = await failedMessageIds(handler, [cloudTaskMessage(req, taskName, body)]);
        if (failed.length > 0) {
            const retried = new HttpError(500, "Internal Server Error", `task ${taskName} failed; Cloud Tasks will retry it`);
            await writeResponse(res, problemResponse(retried, occurrence));
        } else res.status(204).end();
    };
}

function cloudTaskMessage(req: Request, taskName: string, body: string): Message {
    const eta = Number(req.get("x-cloudtasks-tasketa"));
    const attributes: Record<string, string> = {};
    for (const name of [
        "x-cloudtasks-queuename",
        "x-cloudtasks-taskexecutioncount",
        "x-cloudtasks-taskpreviousresponse",
        "x-cloudtasks-taskretryreason",
    ]) {
        const value = req.get(name);
        if (value !== undefined) attributes[name] = value;
    }
    return {
        id: taskName,
        body,
        attempt: (Number(req.get("x-cloudtasks-taskretrycount")) || 0) + 1,
        receivedAt: Number.isFinite(eta) && eta > 0 ? new Date(eta * 1000) : new Date(),
        attributes,
    };
}
