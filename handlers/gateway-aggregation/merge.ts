/**
 * The contract of a merge module: the user's own TypeScript module given as the component's
 * `mergeModule` arg, bundled into the function under the specifier `cloud-patterns:merge`.
 * It exports `merge`; the built-in default is `default-merge.ts` beside this file.
 */

/** What a merge function knows about the request it is answering. */
export interface MergeRequest {
    readonly method: string;
    /** The request path, e.g. `/aggregate/42`. */
    readonly path: string;
    /** Decoded path parameters of the route, e.g. `{ id: "42" }`. */
    readonly params: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
    /** The id passed on to every backend as `x-request-id`. */
    readonly requestId: string;
    /** Optional backends that failed or were too slow and are left out of `results`. */
    readonly degraded: readonly string[];
}

/** Parsed JSON body of every backend that answered, by backend name. */
export type BackendResults = Readonly<Record<string, unknown>>;

/** Returns the response body (serialised as JSON). May be async. */
export type MergeFunction = (results: BackendResults, request: MergeRequest) => unknown;
