import { HttpHandler } from "../contracts";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { Producer } from "../queues/producer";

/** Header a client sets to make a repeated POST one piece of work (IETF draft "Idempotency-Key"). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Paths the function answers: `enqueueUrl` is the function URL itself on AWS (Lambda function URL)
 * and GCP (Cloud Functions URL), and `<app>/enqueue` on Azure (components/retry/*.ts).
 */
export const ENQUEUE_PATHS: readonly string[] = ["/", "/enqueue"];

/**
 * Deepest nesting of arrays and objects a message may have. The worker and the user's module read
 * the body with recursive code (JSON.stringify, the SDKs' marshalling); DynamoDB, where work
 * results may be kept, allows 32 levels of nested attributes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */
export const MAX_JSON_DEPTH = 32;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The request as work for the queue, or the HttpError that says what is wrong with it. */
async function readWork(request: Request, maxBodyBytes: number): Promise<{ body: string; key?: string }> {
    const path = new URL(request.url).pathname;
    if (!ENQUEUE_PATHS.includes(path))
        throw new HttpError(404, "Not Found", `no route for ${path}; POST the work to ${ENQUEUE_PATHS.join(" or ")}`);
    if (request.method !== "POST")
        throw new HttpError(405, "Method Not Allowed", `method ${request.method} not allowed; POST a JSON body`, {}, { allow: "POST" });
    const type = request.headers.get("content-type") ?? "";
    if (!JSON_MEDIA_TYPE.test(type))
        throw new HttpError(415, "Unsupported Media Type", `the body must be application/json, got ${type || "no content type"}`);
    const key = request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined;
    if (key !== undefined && !KEY_PATTERN.test(key))
        throw new HttpError(400, "Bad Request", "Idempotency-Key must be 1 to 200 visible ASCII characters");
    const body = await request.text();
    const size = Buffer.byteLength(body, "utf8");
    if (size === 0) throw new HttpError(400, "Bad Request", "the body is empty; POST the work as JSON");
    if (size > maxBodyBytes)
        throw new HttpError(413, "Content Too Large", `the body is ${size} bytes; the queue takes at most ${maxBodyBytes}`, {
            maxBodyBytes,
        });
    const depth = nestingDepth(body);
    if (depth > MAX_JSON_DEPTH)
        throw new HttpError(400, "Bad Request", `the body nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are allowed`, {
            maxDepth: MAX_JSON_DEPTH,
        });
    let work: unknown;
    try {
        work = JSON.parse(body);
    } catch (err) {
        throw new HttpError(400, "Bad Request", `the body is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof work !== "object" || work === null || Array.isArray(work))
        throw new HttpError(
            400,
            "Bad Request",
            `the body must be a JSON object, got ${Array.isArray(work) ? "an array" : JSON.stringify(work)}`,
        );
    return { body, ...(key !== undefined && { key }) };
}

/** Deepest nesting of `[` and `{` in JSON text, strings skipped; one pass, no recursion, before parsing. */
export function nestingDepth(text: string): number {
    let depth = 0;
    let deepest = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c) i++;
            else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
        else if (c === 0x5d || c === 0x7d) depth--;
    }
    return deepest;
}

/**
 * The `enqueueUrl` function: POST a JSON object, get 202 with the message id once the queue has
 * it. What the worker would certainly dead-letter (no JSON object, nested too deep, another media
 * type, another path) and other bad requests are refused (RFC 9457 problem documents) with what was wrong and nothing is
 * queued; a queue that cannot be reached answers 503 with Retry-After, so the client knows its
 * work was not taken.
 */
export function enqueueHandler(producer: Producer, maxBodyBytes: number): HttpHandler {
    return async (request) => {
        let work: { body: string; key?: string };
        try {
            work = await readWork(request, maxBodyBytes);
        } catch (err) {
            if (err instanceof HttpError) return problemResponse(err, request);
            throw err;
        }
        try {
            const { messageId } = await producer.enqueue(work.body, work.key === undefined ? {} : { idempotencyKey: work.key });
            return jsonResponse(202, { messageId });
        } catch (err) {
            console.error(JSON.stringify({ level: "error", msg: "enqueue failed", error: String(err) }));
            return problemResponse(
                new HttpError(
                    503,
                    "Service Unavailable",
                    "the queue did not accept the message; nothing was queued, try again",
                    {},
                    { "retry-after": "1" },
                ),
                request,
            );
        }
    };
}
