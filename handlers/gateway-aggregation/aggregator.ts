import { randomUUID } from "node:crypto";
import { HttpHandler, REQUEST_ID_HEADER } from "../contracts";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { isMatch, Router } from "../http/routes";
import { BackendOutcome, callBackend } from "./backend-call";
import type { MergeFunction } from "./merge";
import type { AggregationSettings } from "./settings";
import { fillPlaceholders } from "./url-template";

/** Response header listing the optional backends left out of the body, comma-separated. */
export const DEGRADED_HEADER = "x-degraded";

const BUDGET_SPENT = "budget spent";
const REQUIRED_FAILED = "a required backend failed";

/**
 * The Gateway Aggregation handler: one request in, every backend called in parallel,
 * one merged JSON response out.
 *
 * - 200: every required backend answered; failed optional ones are named in `x-degraded`
 *   (and in the default body's `degraded` list).
 * - 502: a required backend failed (or every backend did); the body names it and why.
 * - 504: the budget ran out while a required backend had not answered.
 * - 404/405: the client's request does not fit the route.
 * Errors are RFC 9457 problem documents naming the backends concerned and the request id.
 */
export function createAggregator(settings: AggregationSettings, merge: MergeFunction): HttpHandler {
    const { route } = settings;
    const router = new Router({ [route.key]: route });
    return async (request) => {
        const url = new URL(request.url);
        const requestId = request.headers.get(REQUEST_ID_HEADER) || randomUUID();
        const idHeader = { [REQUEST_ID_HEADER]: requestId };
        const problem = (
            status: number,
            title: string,
            detail: string,
            extensions: Record<string, unknown> = {},
            headers: Record<string, string> = {},
        ) => problemResponse(new HttpError(status, title, detail, extensions, headers), { instance: url.pathname, requestId });

        const matched = router.match(request.method, url.pathname);
        if (!isMatch(matched)) {
            return matched.status === 405
                ? problem(
                      405,
                      "Method Not Allowed",
                      `method ${request.method} is not allowed on '${route.path}'; use ${route.method}`,
                      {},
                      { allow: matched.allow.join(", ") },
                  )
                : problem(404, "Not Found", `no route for '${url.pathname}'; this function serves '${route.key}'`);
        }
        const { params } = matched;

        const body = route.method === "GET" ? undefined : await request.arrayBuffer();
        const stop = new AbortController();
        const budget = setTimeout(() => stop.abort(BUDGET_SPENT), settings.timeoutMs);
        let outcomes: BackendOutcome[];
        try {
            outcomes = await Promise.all(
                settings.backends.map(async (backend) => {
                    const outcome = await callBackend(backend, {
                        method: route.method,
                        url: fillPlaceholders(backend.url, params),
                        requestId,
                        body,
                        contentType: request.headers.get("content-type"),
                        budgetMs: settings.timeoutMs,
                        signal: stop.signal,
                    });
                    // No point waiting for the others once the answer is a 502.
                    if (!outcome.ok && !outcome.cancelled && backend.required) stop.abort(REQUIRED_FAILED);
                    return outcome;
                }),
            );
        } finally {
            clearTimeout(budget);
        }

        const failures = outcomes.filter((o): o is Extract<BackendOutcome, { ok: false }> => !o.ok);
        for (const f of failures) log(requestId, f.name, f.reason);
        const isRequired = (name: string) => settings.backends.some((b) => b.name === name && b.required);
        const failedRequired = failures.filter((f) => isRequired(f.name) && !f.cancelled);
        if (failedRequired.length > 0) {
            return problem(502, "Bad Gateway", `required backend ${describe(failedRequired)}`, {
                backends: failedRequired.map((f) => f.name),
            });
        }
        const budgetSpent = stop.signal.reason === BUDGET_SPENT;
        const unansweredRequired = failures.filter((f) => isRequired(f.name));
        if (unansweredRequired.length > 0 || (budgetSpent && failures.length === outcomes.length)) {
            const waitingFor = unansweredRequired.length > 0 ? unansweredRequired : failures.filter((f) => f.cancelled);
            const names = waitingFor.map((f) => f.name);
            return problem(
                504,
                "Gateway Timeout",
                `the ${settings.timeoutMs} ms budget ran out waiting for ${names.map((n) => `'${n}'`).join(", ")}`,
                { backends: names },
            );
        }
        if (failures.length === outcomes.length) {
            return problem(502, "Bad Gateway", `every backend failed: ${describe(failures)}`, { backends: failures.map((f) => f.name) });
        }

        const degraded = failures.map((f) => f.name);
        const results = Object.fromEntries(outcomes.flatMap((o) => (o.ok ? [[o.name, o.body]] : [])));
        let merged: unknown;
        try {
            merged = await merge(results, {
                method: request.method,
                path: url.pathname,
                params,
                query: url.searchParams,
                requestId,
                degraded,
            });
        } catch (err) {
            log(requestId, "merge", (err as Error).stack ?? String(err));
            return problem(500, "Internal Server Error", "the merge module failed; see the function's log");
        }
        return jsonResponse(200, merged ?? null, { ...idHeader, ...(degraded.length > 0 && { [DEGRADED_HEADER]: degraded.join(",") }) });
    };
}

function describe(failures: readonly Extract<BackendOutcome, { ok: false }>[]): string {
    return failures.map((f) => `'${f.name}' ${f.reason}`).join("; ");
}

function log(requestId: string, source: string, problem: string): void {
    console.warn(JSON.stringify({ level: "warn", requestId, source, problem }));
}
