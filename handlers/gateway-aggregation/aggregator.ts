import { randomUUID } from "node:crypto";
import { HttpHandler, REQUEST_ID_HEADER } from "../contracts";
import { BackendOutcome, callBackend } from "./backend-call";
import type { MergeFunction } from "./merge";
import { fillPlaceholders, MalformedPathError } from "./route-template";
import type { AggregationSettings } from "./settings";

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
 * - 400/404/405: the client's request does not fit the route.
 */
export function createAggregator(settings: AggregationSettings, merge: MergeFunction): HttpHandler {
    const { route } = settings;
    return async (request) => {
        const url = new URL(request.url);
        const requestId = request.headers.get(REQUEST_ID_HEADER) || randomUUID();
        const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
            new Response(JSON.stringify(body ?? null), {
                status,
                headers: { "content-type": "application/json", [REQUEST_ID_HEADER]: requestId, ...headers },
            });

        let params: Record<string, string> | undefined;
        try {
            params = route.match(url.pathname);
        } catch (err) {
            if (err instanceof MalformedPathError) return reply(400, { error: err.message, requestId });
            throw err;
        }
        if (!params) return reply(404, { error: `no route for '${url.pathname}'; this function serves '${route}'`, requestId });
        if (request.method !== route.method) {
            return reply(405, { error: `method ${request.method} is not allowed on '${route.path}'; use ${route.method}`, requestId }, { allow: route.method });
        }

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
            return reply(502, { error: `required backend ${describe(failedRequired)}`, backends: failedRequired.map((f) => f.name), requestId });
        }
        const budgetSpent = stop.signal.reason === BUDGET_SPENT;
        const unansweredRequired = failures.filter((f) => isRequired(f.name));
        if (unansweredRequired.length > 0 || (budgetSpent && failures.length === outcomes.length)) {
            const waitingFor = unansweredRequired.length > 0 ? unansweredRequired : failures.filter((f) => f.cancelled);
            return reply(504, {
                error: `the ${settings.timeoutMs} ms budget ran out waiting for ${waitingFor.map((f) => `'${f.name}'`).join(", ")}`,
                backends: waitingFor.map((f) => f.name),
                requestId,
            });
        }
        if (failures.length === outcomes.length) {
            return reply(502, { error: `every backend failed: ${describe(failures)}`, backends: failures.map((f) => f.name), requestId });
        }

        const degraded = failures.map((f) => f.name);
        const results = Object.fromEntries(outcomes.flatMap((o) => (o.ok ? [[o.name, o.body]] : [])));
        let merged: unknown;
        try {
            merged = await merge(results, { method: request.method, path: url.pathname, params, query: url.searchParams, requestId, degraded });
        } catch (err) {
            log(requestId, "merge", (err as Error).stack ?? String(err));
            return reply(500, { error: "the merge module failed; see the function's log", requestId });
        }
        return reply(200, merged, degraded.length > 0 ? { [DEGRADED_HEADER]: degraded.join(",") } : {});
    };
}

function describe(failures: readonly Extract<BackendOutcome, { ok: false }>[]): string {
    return failures.map((f) => `'${f.name}' ${f.reason}`).join("; ");
}

function log(requestId: string, source: string, problem: string): void {
    console.warn(JSON.stringify({ level: "warn", requestId, source, problem }));
}
