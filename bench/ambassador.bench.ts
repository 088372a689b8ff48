/**
 * The Ambassador's program-time cost: the size of the Envoy bootstrap each target receives (inline
 * on the command line for ECS, Container Apps and Cloud Run; a ConfigMap on Kubernetes) for 1, 4
 * and 16 upstreams, and the time to resolve the args and render it, as a ratio to a floor measured
 * in the same run (JSON.stringify of the same policy object, the least any rendering could cost).
 */
import { AmbassadorTarget } from "../components/cloud";
import { renderEnvoyBootstrap } from "../components/ambassador/envoy-bootstrap";
import { resolveAmbassadorArgs } from "../components/ambassador/resolve";
import type { AmbassadorArgs } from "../components/ambassador/args";

const ROUNDS = 2000;

function args(upstreams: number): AmbassadorArgs {
    return {
        app: { image: "ghcr.io/acme/orders:1.4.2", port: 8080 },
        upstreams: Array.from({ length: upstreams }, (_, i) => ({
            name: `upstream-${i}`,
            url: `https://api${i}.example.com/v2`,
            retries: { maxAttempts: 3 },
        })),
    };
}

function timePerRound(run: () => unknown): number {
    for (let i = 0; i < 200; i++) run();
    const start = process.hrtime.bigint();
    for (let i = 0; i < ROUNDS; i++) run();
    return Number(process.hrtime.bigint() - start) / ROUNDS / 1e3;
}

for (const count of [1, 4, 16]) {
    for (const target of Object.values(AmbassadorTarget)) {
        const resolved = resolveAmbassadorArgs("orders", target, args(count));
        const bytes = Buffer.byteLength(resolved.sidecar.bootstrap);
        console.log(
            `${target.padEnd(10)} ${String(count).padStart(2)} upstream(s): bootstrap ${bytes} bytes (${(bytes / count).toFixed(0)} per upstream)`,
        );
    }
    const policy = resolveAmbassadorArgs("orders", AmbassadorTarget.Aws, args(count)).sidecar.policy;
    const floor = timePerRound(() => JSON.stringify(policy));
    const render = timePerRound(() => JSON.stringify(renderEnvoyBootstrap(policy)));
    const resolve = timePerRound(() => resolveAmbassadorArgs("orders", AmbassadorTarget.Aws, args(count)));
    console.log(
        `   render ${(render / floor).toFixed(1)}x, resolve + render ${(resolve / floor).toFixed(1)}x the floor ` +
            `(floor ${floor.toFixed(1)} us, render ${render.toFixed(1)} us, resolve + render ${resolve.toFixed(1)} us)`,
    );
}
