/**
 * Errors a worker throws to say how its failure should be treated. Anything else it throws
 * is classified by {@link classifyError} (handlers/retry/classify.ts).
 */

/** Retrying cannot help (bad input, a 4xx other than 408/429): dead-letter at once, with this reason. */
export class PermanentError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = "PermanentError";
    }
}

/** Worth another attempt later; `retryAfterMs` is the earliest the downstream asked to be called again. */
export class TransientError extends Error {
    constructor(
        message: string,
        readonly retryAfterMs?: number,
        options?: { cause?: unknown },
    ) {
        super(message, options);
        this.name = "TransientError";
    }
}

/** The downstream answered with a status that is not a success; classified by status. */
export class DownstreamStatusError extends Error {
    constructor(
        readonly status: number,
        readonly retryAfterMs: number | undefined,
        detail: string,
    ) {
        super(`downstream answered ${status}${detail ? `: ${detail}` : ""}`);
        this.name = "DownstreamStatusError";
    }
}
