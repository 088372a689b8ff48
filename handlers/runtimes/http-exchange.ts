/**
 * What every HTTP adapter shares: building the fetch `Request` a handler gets (with the
 * platform's request id), answering 400 when no `Request` can be built from what the
 * client sent, and turning a `Response` body into text or base64 for runtimes that need it.
 * Its own answers are problem documents, like every handler's (handlers/http/problem.ts).
 */
import { HttpHandler, REQUEST_ID_HEADER } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";

/** The parts of an incoming request an adapter collected from its runtime's event. */
export interface IncomingParts {
    readonly url: string;
    readonly method: string;
    /** As the runtime delivered them; a repeated header appears once per value. */
    readonly headers: Headers | [string, string][];
    /** Raw body bytes or text; `undefined` or empty for no body. */
    readonly body?: Uint8Array | string;
    /** The platform's id for this request, used when the client sent no `x-request-id`. */
    readonly platformRequestId: string;
}

/**
 * Builds the request and runs the handler. A request the fetch API rejects (a GET with a body,
 * a malformed method, header or URL) is the client's fault: 400 naming the reason, as Hono's
 * Lambda adapter does. A handler that throws gets a logged 500 carrying the request id, so the
 * failure can be found in the logs without leaking its details to the caller.
 */
export async function exchange(handler: HttpHandler, parts: IncomingParts): Promise<Response> {
    let requestId = parts.platformRequestId;
    let request: Request;
    try {
        const headers = new Headers(parts.headers);
        requestId = headers.get(REQUEST_ID_HEADER) ?? requestId;
        headers.set(REQUEST_ID_HEADER, requestId);
        const hasBody = parts.body !== undefined && parts.body.length > 0;
        request = new Request(parts.url, { method: parts.method, headers, body: hasBody ? parts.body : undefined });
    } catch (err) {
        if (!(err instanceof TypeError)) throw err;
        return problemResponse(new HttpError(400, "Bad Request", `the request cannot be read: ${err.message}`), {
            instance: pathOf(parts.url),
            requestId,
        });
    }
    try {
        return await handler(request);
    } catch (err) {
        console.error(`handler failed for request ${requestId}:`, err);
        return problemResponse(
            new HttpError(500, "Internal Server Error", `the function failed; its log has the error under request id ${requestId}`),
            request,
        );
    }
}

/** The path of a URL the fetch API may have refused; the raw text when it is no URL at all. */
function pathOf(url: string): string {
    try {
        return new URL(url).pathname;
    } catch {
        return url;
    }
}

/**
 * Response headers as one value per name, repeated headers joined with ", " (what the fetch API
 * does). Set-Cookie is left out: joined cookies are corrupt, so each runtime returns them apart.
 */
export function singleValueHeaders(headers: Headers): Record<string, string> {
    const result: Record<string, string> = {};
    headers.forEach((value, name) => {
        if (name !== "set-cookie") result[name] = value;
    });
    return result;
}

const TEXT_CONTENT_TYPE = /^text\/|[/+](?:json|xml|javascript|x-www-form-urlencoded)\s*(?:;|$)/i;

/**
 * Whether a body can travel as UTF-8 text. Anything compressed, binary or without a content type
 * goes as base64, which always round-trips.
 */
export function isTextBody(headers: Headers): boolean {
    const encoding = headers.get("content-encoding");
    if (encoding !== null && encoding !== "identity") return false;
    return TEXT_CONTENT_TYPE.test(headers.get("content-type") ?? "");
}

/** The response body for runtimes that carry it in a JSON string field (API Gateway). */
export async function encodeBody(response: Response): Promise<{ body: string; isBase64Encoded: boolean }> {
    const bytes = Buffer.from(await response.arrayBuffer());
    return bytes.length === 0 || isTextBody(response.headers)
        ? { body: bytes.toString("utf8"), isBase64Encoded: false }
        : { body: bytes.toString("base64"), isBase64Encoded: true };
}
