/**
 * The contract between the GatewayAggregation component and its function: the CLOUD_PATTERNS_CONFIG
 * document as the component writes it (`satisfies`) and settings.ts reads it, and the limits both
 * sides check. Types and pure data only (see docs/platform.md), so components may import it.
 */

/** Methods the aggregator forwards to its backends; only a GET is retried. */
export const AGGREGATED_METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Longest budget: an HTTP API stops waiting for its integration at 30 s; the function answers (504) before. */
export const MAX_TIMEOUT_MS = 29_000;
/** Shortest time one backend attempt may be given. */
export const MIN_BACKEND_TIMEOUT_MS = 10;

/** One backend the aggregator calls. */
export interface BackendDocument {
    /** Key of this backend's body in the merged response; also how failures name it. */
    readonly name: string;
    /** http(s) URL; `{param}` placeholders are filled from the route's path parameters. */
    readonly url: string;
    /** Time allowed for one attempt, in ms. @default the whole request's `timeoutMs` */
    readonly timeoutMs?: number;
    /** A failed required backend fails the request (502); a failed optional one is left out. @default true */
    readonly required?: boolean;
}

/** The aggregator function's document. */
export interface GatewayAggregationSettingsDocument {
    /** `METHOD /path/{param}`, one of {@link AGGREGATED_METHODS}. */
    readonly route: string;
    /** The whole request's budget, in ms, retries included. */
    readonly timeoutMs: number;
    readonly backends: readonly BackendDocument[];
}
