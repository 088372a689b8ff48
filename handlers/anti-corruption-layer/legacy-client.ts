/**
 * One call to the legacy SOAP endpoint: a per-attempt timeout, a cap on the answer's size,
 * and, for idempotent operations only, retries with jittered exponential backoff on
 * transient failures (network errors, timeouts, 429/502/503/504).
 */
import { ExponentialBackoff, handleType, retry } from "cockatiel";

/** The legacy system did not answer within the timeout (on every attempt). */
export class LegacyTimeoutError extends Error {
    constructor(
        readonly timeoutMs: number,
        readonly attempts: number,
    ) {
        super(`the legacy system did not answer within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? "" : "s"})`);
        this.name = "LegacyTimeoutError";
    }
}

/** The legacy system could not be reached, or its answer was cut off or too large. */
export class LegacyTransportError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "LegacyTransportError";
    }
}

export interface LegacyAnswer {
    readonly status: number;
    readonly contentType: string;
    readonly text: string;
    readonly attempts: number;
}

export interface LegacyCall {
    readonly endpoint: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly timeoutMs: number;
    readonly maxResponseBytes: number;
    /** Total attempts; 1 for operations that are not idempotent. */
    readonly maxAttempts: number;
    /** Backoff bounds; the delay between them is drawn with decorrelated jitter. */
    readonly backoff: { readonly initialDelayMs: number; readonly maxDelayMs: number };
}

const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** An answer worth another attempt; carried through the retry policy so the last one can still be returned. */
class TransientAnswer extends Error {
    constructor(readonly answer: LegacyAnswer) {
        super(`legacy answered HTTP ${answer.status}`);
    }
}

class AttemptTimeout extends Error {}
class NetworkFailure extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > maxBytes) {
        await response.body?.cancel();
        throw new LegacyTransportError(`the legacy answer is ${declared} bytes, over the limit of ${maxBytes} bytes`);
    }
    if (!response.body) return "";
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
            await reader.cancel();
            throw new LegacyTransportError(`the legacy answer exceeds the limit of ${maxBytes} bytes`);
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks).toString("utf8");
}

async function attempt(call: LegacyCall, attemptNo: number): Promise<LegacyAnswer> {
    const signal = AbortSignal.timeout(call.timeoutMs);
    try {
        const response = await fetch(call.endpoint, { method: "POST", headers: call.headers, body: call.body, signal, redirect: "error" });
        const answer = {
            status: response.status,
            contentType: response.headers.get("content-type") ?? "",
            text: await readCapped(response, call.maxResponseBytes),
            attempts: attemptNo,
        };
        if (TRANSIENT_STATUSES.has(answer.status)) throw new TransientAnswer(answer);
        return answer;
    } catch (err) {
        if (err instanceof TransientAnswer || err instanceof LegacyTransportError) throw err;
        if (signal.aborted) throw new AttemptTimeout();
        throw new NetworkFailure(`the legacy system could not be reached at ${new URL(call.endpoint).host} (${describe(err)})`);
    }
}

function describe(err: unknown): string {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Posts the envelope; returns the last answer, or throws {@link LegacyTimeoutError} / {@link LegacyTransportError}. */
export async function callLegacy(call: LegacyCall): Promise<LegacyAnswer> {
    const policy = retry(handleType(TransientAnswer).orType(AttemptTimeout).orType(NetworkFailure), {
        maxAttempts: call.maxAttempts - 1,
        backoff: new ExponentialBackoff({ initialDelay: call.backoff.initialDelayMs, maxDelay: call.backoff.maxDelayMs }),
    });
    let attempts = 0;
    try {
        return await policy.execute(() => attempt(call, ++attempts));
    } catch (err) {
        if (err instanceof TransientAnswer) return err.answer;
        if (err instanceof AttemptTimeout) throw new LegacyTimeoutError(call.timeoutMs, attempts);
        if (err instanceof NetworkFailure)
            throw new LegacyTransportError(`${err.message} after ${attempts} attempt${attempts === 1 ? "" : "s"}`);
        throw err;
    }
}
