/**
 * The Ambassador, locally: its sidecar is Envoy with the bootstrap the component writes, beside the
 * app's container image. Without an `envoy` binary on PATH there is no real sidecar to run, and an
 * imitation would show nothing of Envoy's retries and timeouts, so the pattern is skipped, saying why.
 */
import { findExecutable } from "../peers/process";
import type { DevWiring } from "../wiring";

export const ambassadorWiring: DevWiring = {
    unavailable() {
        const envoy = findExecutable("envoy");
        if (!envoy) return "no envoy binary on PATH: the sidecar is Envoy, and only a real one shows its retries and timeouts";
        return `envoy found at ${envoy}, but the app runs from its container image, which dev does not start yet`;
    },
    // unavailable() always names a reason, so this is never reached.
    prepare: () => Promise.reject(new Error("the Ambassador does not run locally")),
};
