import { BrokenCircuitError, IsolatedCircuitError, TaskCancelledError } from "cockatiel";
import { DownstreamStatusError, PermanentError, TransientError } from "./errors";

/** What one attempt came to. Only `transient` is ever retried. */
export type Outcome =
    | { readonly kind: "success" }
    | { readonly kind: "transient"; readonly reason: string; readonly retryAfterMs?: number }
    | { readonly kind: "permanent"; readonly reason: string };

/** Socket and DNS failures that say nothing about the request itself. */
const CONNECTION_ERROR_CODES = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
    "UND_ERR_SOCKET",
]);

/** 408 and 429 are the 4xx that mean "later"; every 5xx is the server's fault, not the message's. */
export function isTransientStatus(status: number): boolean {
    return status === 408 || status === 429 || status >= 500;
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Unparseable or past values give undefined: the policy's own backoff applies.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
    if (!value) return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    return Number.isNaN(at) || at <= now ? undefined : at - now;
}

/** A downstream HTTP response: 2xx success; 408, 429 and 5xx transient (honouring Retry-After); other statuses permanent. */
export function classifyResponse(response: Response, now = Date.now()): Outcome {
    if (response.status >= 200 && response.status < 300) return { kind: "success" };
    return classifyError(
        new DownstreamStatusError(response.status, parseRetryAfter(response.headers.get("retry-after"), now), response.statusText),
    );
}

function codeOf(err: unknown): string | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
}

/**
 * An aborted or timed-out operation: a DOMException (fetch, AbortSignal.timeout) identified by
 * its standard code, or Node's own AbortError (timers, streams, events), whose code is ABORT_ERR.
 */
function isAbortOrTimeout(err: unknown): boolean {
    if (err instanceof DOMException) return err.code === DOMException.TIMEOUT_ERR || err.code === DOMException.ABORT_ERR;
    return codeOf(err) === "ABORT_ERR";
}

function isConnectionError(err: unknown): boolean {
    // fetch wraps socket errors: TypeError("fetch failed") with the system error as `cause`.
    for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
        const code = codeOf(e);
        if (code && CONNECTION_ERROR_CODES.has(code)) return true;
    }
    return err instanceof TypeError && err.message === "fetch failed";
}

/**
 * Classifies what a worker threw. Validation errors (PermanentError, a body that is not JSON)
 * are permanent; timeouts, connection errors, an open circuit and 5xx/429 are transient.
 * Unknown errors count as transient: they are still bounded by maxAttempts and end in the
 * dead-letter queue with their message, so a bug never loses work.
 */
export function classifyError(err: unknown): Exclude<Outcome, { kind: "success" }> {
    const reason = describe(err);
    if (err instanceof PermanentError || err instanceof SyntaxError) return { kind: "permanent", reason };
    if (err instanceof DownstreamStatusError) {
        return isTransientStatus(err.status)
            ? { kind: "transient", reason, retryAfterMs: err.retryAfterMs }
            : { kind: "permanent", reason };
    }
    if (err instanceof TransientError) return { kind: "transient", reason, retryAfterMs: err.retryAfterMs };
    if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        return { kind: "transient", reason: `circuit open, downstream not called (${reason})` };
    }
    if (err instanceof TaskCancelledError || isAbortOrTimeout(err)) {
        return { kind: "transient", reason: `timed out (${reason})` };
    }
    if (isConnectionError(err)) return { kind: "transient", reason: `connection failed (${reason})` };
    return { kind: "transient", reason };
}

function describe(err: unknown): string {
    if (err instanceof Error) {
        const code = codeOf(err) ?? codeOf((err as { cause?: unknown }).cause);
        return `${err.name}: ${err.message}${code ? ` [${code}]` : ""}`;
    }
    return String(err);
}
