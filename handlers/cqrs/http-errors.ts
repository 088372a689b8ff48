/** What both CQRS APIs share: routing misses and unexpected errors as RFC 9457 problem documents. */
import type { HttpHandler } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { routeMissError } from "../http/route-miss";
import { isMatch, Router } from "../http/routes";

export type Route = (request: Request, params: Readonly<Record<string, string>>, url: URL) => Promise<Response>;

/** An HTTP handler over `routes`: 404/405 for misses, HttpErrors as their problem documents, anything else a 500. */
export function routedHandler(api: string, routes: Readonly<Record<string, Route>>): HttpHandler {
    const router = new Router<Route>(routes);
    return async (request) => {
        const url = new URL(request.url);
        const match = router.match(request.method, url.pathname);
        try {
            if (!isMatch(match)) {
                throw routeMissError(match, request.method, url.pathname, Object.keys(routes));
            }
            return await match.value(request, match.params, url);
        } catch (err) {
            if (err instanceof HttpError) return problemResponse(err, request);
            console.error(`${api}: request failed`, err);
            return problemResponse(
                new HttpError(500, "Internal error", "the request could not be handled (see the function log); it can be retried"),
                request,
            );
        }
    };
}

/** A path id: 1 to 256 characters, no control characters (every store's key accepts it). */
export function documentId(raw: string): string {
    // eslint-disable-next-line no-control-regex
    if (raw.length === 0 || raw.length > 256 || /[\u0000-\u001f\u007f]/.test(raw)) {
        throw new HttpError(
            400,
            "Invalid id",
            `the id must be 1 to 256 characters without control characters, got ${JSON.stringify(raw)}`,
            {
                field: "id",
            },
        );
    }
    return raw;
}
