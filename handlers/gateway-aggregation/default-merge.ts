import type { BackendResults, MergeRequest } from "./merge";

/**
 * The built-in merge: each backend's body under its name, plus the `degraded` list
 * (always present, so clients can rely on the shape; backend names may not be `degraded`).
 */
export function merge(results: BackendResults, request: MergeRequest): Record<string, unknown> {
    return { ...results, degraded: request.degraded };
}
