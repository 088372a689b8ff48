/**
 * Error answers as RFC 9457 problem documents, and JSON answers, so every HTTP function of every
 * pattern, and the runtime adapters around them, report failures in one format:
 * `application/problem+json` with `type`, `title`, `status`, `detail`, `instance` (the request's
 * path) and the extension member `requestId` (the `x-request-id` the adapters always set), so a
 * caller can quote the id that finds the failure in the function's log.
 */
import { REQUEST_ID_HEADER } from "../contracts";

/** RFC 9457 §4.2.1: no further semantics beyond the HTTP status; `title` is then the status phrase. */
export const PROBLEM_TYPE = "about:blank";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** An error that already knows the HTTP answer it should become. */
export class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly title: string,
        detail: string,
        /** Extra members of the problem document (e.g. the field and value that were wrong). */
        readonly extensions: Readonly<Record<string, unknown>> = {},
        readonly headers: Readonly<Record<string, string>> = {},
    ) {
        super(detail);
        this.name = "HttpError";
    }
}

/** Which occurrence a problem document is about (RFC 9457 `instance`, and the request id extension). */
export interface ProblemOccurrence {
    /** The request's path, a URI reference to where the problem occurred. */
    readonly instance: string;
    readonly requestId: string;
}

/** The members of an RFC 9457 problem document, in the order the RFC lists them, extensions after. */
export interface ProblemDocument {
    readonly type: string;
    readonly title: string;
    readonly status: number;
    readonly detail: string;
    readonly instance: string;
    readonly requestId: string;
    readonly [extension: string]: unknown;
}

export function problemDocument(error: HttpError, occurrence: ProblemOccurrence): ProblemDocument {
    return {
        ...error.extensions,
        type: PROBLEM_TYPE,
        title: error.title,
        status: error.status,
        detail: error.message,
        instance: occurrence.instance,
        requestId: occurrence.requestId,
    };
}

/** The occurrence of a problem while handling `request`: its path and the id the adapter gave it. */
export function occurrenceOf(request: Request): ProblemOccurrence {
    return { instance: new URL(request.url).pathname, requestId: request.headers.get(REQUEST_ID_HEADER) ?? "" };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** The answer for `error` while handling `request` (or for a request no fetch `Request` could be made of). */
export function problemResponse(error: HttpError, request: Request | ProblemOccurrence): Response {
    const occurrence = request instanceof Request ? occurrenceOf(request) : request;
    return new Response(JSON.stringify(problemDocument(error, occurrence)), {
        status: error.status,
        headers: {
            "content-type": PROBLEM_CONTENT_TYPE,
            ...(occurrence.requestId !== "" && { [REQUEST_ID_HEADER]: occurrence.requestId }),
            ...error.headers,
        },
    });
}
