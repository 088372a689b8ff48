/**
 * Error answers as RFC 9457 problem documents, and JSON answers, so every HTTP pattern
 * reports failures the same way.
 */

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

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function problemResponse(error: HttpError): Response {
    const body = { type: "about:blank", title: error.title, status: error.status, detail: error.message, ...error.extensions };
    return new Response(JSON.stringify(body), {
        status: error.status,
        headers: { "content-type": "application/problem+json", ...error.headers },
    });
}
