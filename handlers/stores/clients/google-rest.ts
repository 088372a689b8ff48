/**
 * The one request shape of the Google REST clients here (Spanner, Firestore, Pub/Sub): JSON with
 * the function's bearer token (none for an emulator), and Google's error model turned into a
 * {@link GoogleApiError} naming the status, so callers and retry policies match on `ABORTED`,
 * `ALREADY_EXISTS`, `UNAVAILABLE`... as the gRPC clients' status codes did.
 */
import { ExponentialBackoff, handleWhen, retry, type RetryPolicy } from "cockatiel";
import { type AccessTokenSource, metadataServerToken } from "../../gcp-metadata-token";

/** The gRPC status names by code: some gateways (Spanner's emulator) answer `{ code, message }` with the number only. */
const STATUS_NAMES = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

/** A Google API refused a call: the HTTP status (0 when no answer came), the status name and the service's message. */
export class GoogleApiError extends Error {
    constructor(
        readonly service: string,
        readonly httpStatus: number,
        readonly status: string,
        readonly detail: string,
    ) {
        super(`${service} answered ${httpStatus} ${status}: ${detail.slice(0, 300)}`);
        this.name = "GoogleApiError";
    }
}

/** Google's error model (`{ error: { code, message, status } }`) or a gateway's (`{ code, message }`); other text as it came. */
export function parseGoogleError(text: string): { readonly status: string; readonly detail: string } {
    try {
        const body = JSON.parse(text) as { error?: { status?: string; message?: string }; code?: number; message?: string };
        if (body.error) return { status: body.error.status ?? "UNKNOWN", detail: body.error.message ?? text };
        if (typeof body.code === "number") return { status: STATUS_NAMES[body.code] ?? "UNKNOWN", detail: body.message ?? text };
    } catch {
        // Not JSON: a proxy's page; keep the text.
    }
    return { status: "UNKNOWN", detail: text };
}

export interface GoogleRestOptions {
    /** The API's root, e.g. `https://firestore.googleapis.com`, or an emulator's `http://host:port`. */
    readonly endpoint?: string;
    /** Where tokens come from; `null` sends none (an emulator). @default the metadata server's */
    readonly token?: AccessTokenSource | null;
    /** @default the global fetch */
    readonly fetch?: typeof fetch;
}

/** Sends one call (`path` under `/v1/`) and returns the parsed answer. */
export type GoogleRestCall = <T>(path: string, body?: unknown, method?: "POST" | "GET" | "PUT") => Promise<T>;

/**
 * A caller of one API. `newError` builds the error of a refusal (a client's own subclass); a
 * request that got no answer at all is `UNAVAILABLE`, as gRPC reports a connection that failed.
 */
export function googleRestCall(
    service: string,
    defaultEndpoint: string,
    options: GoogleRestOptions = {},
    newError: (httpStatus: number, status: string, detail: string) => GoogleApiError = (...args) => new GoogleApiError(service, ...args),
): GoogleRestCall {
    const endpoint = options.endpoint ?? defaultEndpoint;
    const fetchFn = options.fetch ?? fetch;
    const token = options.token === undefined ? metadataServerToken(fetchFn) : options.token;
    return async <T>(path: string, body?: unknown, method: "POST" | "GET" | "PUT" = "POST") => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (token) headers.authorization = `Bearer ${await token()}`;
        let res: Response;
        try {
            res = await fetchFn(`${endpoint}/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        } catch (err) {
            throw Object.assign(newError(0, "UNAVAILABLE", (err as Error).message), { cause: err });
        }
        const text = await res.text();
        if (!res.ok) {
            const { status, detail } = parseGoogleError(text);
            throw newError(res.status, status, detail);
        }
        return (text === "" ? {} : JSON.parse(text)) as T;
    };
}

/** How a call is tried again: the statuses, and attempts after the first, backing off exponentially from `initialDelay` ms. */
export interface StatusRetry {
    readonly statuses: readonly string[];
    readonly retries: number;
    readonly initialDelay: number;
    readonly exponent: number;
    readonly maxDelay: number;
}

/** A cockatiel retry policy for the {@link GoogleApiError}s `when` accepts (by default those with one of `statuses`). */
export function retryOnStatus(
    { statuses, retries, initialDelay, exponent, maxDelay }: StatusRetry,
    when: (err: GoogleApiError) => boolean = (err) => statuses.includes(err.status),
): RetryPolicy {
    return retry(
        handleWhen((err) => err instanceof GoogleApiError && when(err)),
        { maxAttempts: retries, backoff: new ExponentialBackoff({ initialDelay, exponent, maxDelay }) },
    );
}
