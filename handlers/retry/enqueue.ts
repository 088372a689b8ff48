import { HttpHandler } from "../contracts";
import { Producer } from "../queues/producer";

/** Header a client sets to make a repeated POST one piece of work (IETF draft "Idempotency-Key"). */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/**
 * The `enqueueUrl` function: POST a JSON body, get 202 with the message id once the queue has
 * it. Bad requests are refused with what was wrong and nothing is queued; a queue that cannot be
 * reached answers 503 with Retry-After, so the client knows its work was not taken.
 */
export function enqueueHandler(producer: Producer, maxBodyBytes: number): HttpHandler {
    return async (request) => {
        if (request.method !== "POST") return json(405, { error: `method ${request.method} not allowed; POST a JSON body` }, { allow: "POST" });
        const key = request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined;
        if (key !== undefined && !KEY_PATTERN.test(key)) {
            return json(400, { error: "Idempotency-Key must be 1 to 200 visible ASCII characters" });
        }
        const body = await request.text();
        const size = Buffer.byteLength(body, "utf8");
        if (size === 0) return json(400, { error: "the body is empty; POST the work as JSON" });
        if (size > maxBodyBytes) return json(413, { error: `the body is ${size} bytes; the queue takes at most ${maxBodyBytes}` });
        try {
            JSON.parse(body);
        } catch (err) {
            return json(400, { error: `the body is not valid JSON: ${(err as Error).message}` });
        }
        try {
            const { messageId } = await producer.enqueue(body, key === undefined ? {} : { idempotencyKey: key });
            return json(202, { messageId });
        } catch (err) {
            console.error(JSON.stringify({ level: "error", msg: "enqueue failed", error: String(err) }));
            return json(503, { error: "the queue did not accept the message; nothing was queued, try again" }, { "retry-after": "1" });
        }
    };
}
