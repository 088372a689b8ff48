import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry } from "cockatiel";
import { REQUEST_ID_HEADER } from "../contracts";
import type { BackendSettings } from "./settings";

/** What one backend call came to: its parsed JSON body, or why there is none. */
export type BackendOutcome =
    | { readonly name: string; readonly ok: true; readonly body: unknown }
    | { readonly name: string; readonly ok: false; readonly reason: string; readonly cancelled: boolean };

export interface BackendRequest {
    readonly method: string;
    /** The backend URL with its placeholders filled. */
    readonly url: string;
    readonly requestId: string;
    readonly body?: ArrayBuffer;
    readonly contentType?: string | null;
    /** The whole request's budget; an attempt timeout that long adds nothing to the signal. */
    readonly budgetMs: number;
    /** Aborted when the request's budget runs out or its outcome is already decided. */
    readonly signal: AbortSignal;
}

interface Answer {
    readonly status: number;
    readonly text: string;
}

/** One retry at most, after 0-100 ms of full jitter, so a retry storm cannot build up. */
const BACKOFF = new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: 100, maxDelay: 100 });

/** The backend's own per-attempt timeout ran out (not the request's budget). */
class BackendTimeoutError extends Error {
    constructor(timeoutMs: number, options: { cause: unknown }) {
        super(`timed out after ${timeoutMs} ms`, options);
    }
}

/** A timeout or a connection error (fetch rejects with a TypeError). */
const isTransientError = (err: unknown) => err instanceof BackendTimeoutError || err instanceof TypeError;
const isServerError = (answer: unknown) => (answer as Answer).status >= 500;

const retryTransient = retry(handleWhen(isTransientError).orWhenResult(isServerError), { maxAttempts: 1, backoff: BACKOFF });
const noRetry = retry(
    handleWhen(() => false),
    { maxAttempts: 0 },
);

/**
 * Calls one backend within its own timeout per attempt and the request's signal.
 * GETs are retried once on 5xx, timeouts and connection errors; other methods and 4xx never.
 * Never rejects: every failure becomes an outcome naming what went wrong.
 */
export async function callBackend(backend: BackendSettings, request: BackendRequest): Promise<BackendOutcome> {
    const policy = request.method === "GET" ? retryTransient : noRetry;
    let attempts = 0;
    const fail = (reason: string): BackendOutcome => ({
        name: backend.name,
        ok: false,
        reason: attempts > 1 ? `${reason} (after ${attempts} attempts)` : reason,
        cancelled: request.signal.aborted,
    });
    let answer: Answer;
    try {
        answer = await policy.execute(() => {
            attempts++;
            return attempt(backend, request);
        }, request.signal);
    } catch (err) {
        return fail(request.signal.aborted ? "did not answer in time" : describeError(err as Error));
    }
    if (answer.status < 200 || answer.status > 299) return fail(`answered HTTP ${answer.status}`);
    try {
        return { name: backend.name, ok: true, body: answer.text === "" ? null : JSON.parse(answer.text) };
    } catch (err) {
        return fail(`answered invalid JSON (${(err as Error).message})`);
    }
}

async function attempt(backend: BackendSettings, request: BackendRequest): Promise<Answer> {
    // A backend allowed the whole budget is bounded by the budget alone, so running out of it
    // always reads as the budget (504), never as that backend's own timeout (502).
    const timeout = backend.timeoutMs < request.budgetMs ? AbortSignal.timeout(backend.timeoutMs) : undefined;
    const signal = timeout ? AbortSignal.any([request.signal, timeout]) : request.signal;
    const headers: Record<string, string> = { accept: "application/json", [REQUEST_ID_HEADER]: request.requestId };
    if (request.contentType) headers["content-type"] = request.contentType;
    try {
        const response = await fetch(request.url, { method: request.method, headers, body: request.body, signal, redirect: "manual" });
        // The body is read under the same signal: a backend that stalls mid-body times out too.
        return { status: response.status, text: await readCapped(response) };
    } catch (err) {
        if (timeout?.aborted && !(err instanceof BodyTooLargeError)) throw new BackendTimeoutError(backend.timeoutMs, { cause: err });
        throw err;
    }
}

/**
 * Largest backend body read, in bytes: the merged answer has to fit a Lambda response (6 MB),
 * and a runaway backend must not exhaust the function's memory.
 */
export const MAX_BACKEND_BODY_BYTES = 5 * 1024 * 1024;

/** A backend answered more than {@link MAX_BACKEND_BODY_BYTES}; not transient, so not retried. */
class BodyTooLargeError extends Error {
    constructor() {
        super(`answered more than ${MAX_BACKEND_BODY_BYTES} bytes`);
        this.name = "BodyTooLargeError";
    }
}

async function readCapped(response: Response): Promise<string> {
    if (Number(response.headers.get("content-length")) > MAX_BACKEND_BODY_BYTES) {
        await response.body?.cancel();
        throw new BodyTooLargeError();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early cancels the stream, so the rest of a too-large body is never read.
    for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > MAX_BACKEND_BODY_BYTES) throw new BodyTooLargeError();
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString("utf8");
}

function describeError(err: Error): string {
    if (err instanceof BackendTimeoutError || err instanceof BodyTooLargeError) return err.message;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return `could not be reached (${cause?.code ?? cause?.message ?? err.message})`;
}
