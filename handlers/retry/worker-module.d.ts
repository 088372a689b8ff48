/**
 * The user's worker module, resolved at bundle time to the component's `workerModule` (or to
 * handlers/retry/http-target.ts when a `targetUrl` is given instead).
 */
declare module "cloud-patterns:retry-worker" {
    export const process: import("./ports").ProcessFn;
}
