/**
 * The read-model adapters speak each service's REST API through a `fetch` the entry signs for its
 * cloud (SigV4, an Entra token, a Google token): the adapters stay free of cloud SDKs, and the
 * tests replay the vendors' documented exchanges through the same function.
 */
import { ExponentialBackoff, handleWhen, retry } from "cockatiel";

export type HttpFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;

/** A service answered with a status the adapter does not handle: the status and the service's own words. */
export class ReadStoreHttpError extends Error {
    constructor(
        readonly service: string,
        readonly status: number,
        readonly body: string,
    ) {
        super(`${service} answered ${status}: ${body.slice(0, 500)}`);
        this.name = "ReadStoreHttpError";
    }
}

/**
 * The statuses each service documents as "slow down and try again": 429 (too many requests,
 * BigQuery's rateLimitExceeded) and 503 (AI Search under load, BigQuery's backendError). Every
 * request the adapters send is safe to repeat (upserts by key, insertAll with insertIds, reads).
 */
const THROTTLED = [429, 503];

const whenThrottled = retry(
    handleWhen((err) => err instanceof ReadStoreHttpError && THROTTLED.includes(err.status)),
    { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2000 }) },
);

/**
 * Sends JSON (or NDJSON text) and returns the parsed answer; `accept` lists statuses that are not
 * errors; `headers` go with the request (the service's own, besides content-type and accept). A throttled answer is retried (up to 3 more times, backing off); any other refusal is a
 * {@link ReadStoreHttpError} at once.
 */
export function sendJson<T>(
    service: string,
    fetch: HttpFetch,
    method: string,
    url: string,
    body?: unknown,
    options: { contentType?: string; accept?: readonly number[]; headers?: Readonly<Record<string, string>> } = {},
): Promise<{ status: number; body: T }> {
    return whenThrottled.execute(async () => {
        const response = await fetch(url, {
            method,
            headers: { ...options.headers, "content-type": options.contentType ?? "application/json", accept: "application/json" },
            body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        const text = await response.text();
        if (!response.ok && !(options.accept ?? []).includes(response.status)) throw new ReadStoreHttpError(service, response.status, text);
        return { status: response.status, body: (text === "" ? {} : JSON.parse(text)) as T };
    });
}
