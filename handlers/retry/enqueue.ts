import { HttpHandler } from "../contracts";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { Producer } from "../queues/producer";

/** Header a client sets to make a repeated POST one piece of work (IETF draft "Idempotency-Key"). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The request as work for the queue, or the HttpError that says what is wrong with it. */
async function readWork(request: Request, maxBodyBytes: number): Promise<{ body: string; key?: string }> {
    if (request.method !== "POST")
        throw new HttpError(405, "Method Not Allowed", `method ${request.method} not allowed; POST a JSON body`, {}, { allow: "POST" });
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
    try {
        JSON.parse(body);
    } catch (err) {
        throw new HttpError(400, "Bad Request", `the body is not valid JSON: ${(err as Error).message}`);
    }
    return { body, ...(key !== undefined && { key }) };
}

/**
 * The `enqueueUrl` function: POST a JSON body, get 202 with the message id once the queue has
 * it. Bad requests are refused (RFC 9457 problem documents) with what was wrong and nothing is
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
