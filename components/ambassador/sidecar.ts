/**
 * The Envoy sidecar as every target runs it: the pinned image, its size, the command line that
 * hands it the bootstrap, and how its health is read. No cloud SDK here.
 */

/**
 * Envoy, pinned: v1.38.7 is the newest patch of the 1.38 line (envoyproxy.io version history,
 * 2026-10-12). The image runs Envoy as uid 101 ("envoy") and has bash but no curl or wget since
 * 1.28 (envoyproxy/envoy#31614), so health checks that run inside it use bash's /dev/tcp.
 * By tag, not digest: Docker Hub is not reachable from where this was written and no citable
 * source gives v1.38.7's digest; pin `envoyproxy/envoy:v1.38.7@sha256:...` once read from the registry.
 */
export const ENVOY_IMAGE = "envoyproxy/envoy:v1.38.7";
/** The envoy user of the image. */
export const ENVOY_UID = 101;
/** The sidecar container's name on every target (the app's dependency names it). */
export const SIDECAR_NAME = "envoy";
/** The app container's name on every target. */
export const APP_NAME = "app";

/** The sidecar's share of each task, revision or pod. */
export const SIDECAR_CPU = 0.25;
export const SIDECAR_MEMORY_MB = 256;

/** One process per container: no hot restart, so no shared memory to set up (and a read-only root filesystem works). */
const ENVOY_FLAGS = ["--disable-hot-restart", "--log-format-escaped"];

/** Envoy's arguments with the bootstrap inline: the image's entrypoint passes flags on to envoy. */
export function envoyInlineArgs(bootstrapJson: string): string[] {
    return ["--config-yaml", bootstrapJson, ...ENVOY_FLAGS];
}

/** Envoy's arguments with the bootstrap as a mounted file. */
export function envoyFileArgs(path: string): string[] {
    return ["-c", path, ...ENVOY_FLAGS];
}

/**
 * A check for an in-container health command (ECS), as an exec-form argv: GET /ready on the health
 * listener, healthy when Envoy answers LIVE. Run by bash, not `CMD-SHELL`: that is `/bin/sh -c`,
 * dash in the Ubuntu-based image, which has no /dev/tcp (and the image has no HTTP client). The
 * request is HTTP/1.1 with a Host header: Envoy's HTTP/1 codec answers HTTP/1.0 with 426 unless
 * `accept_http_10` is set (envoy/config/core/v3/protocol.proto, Http1ProtocolOptions).
 */
export function readyCommand(healthPort: number): string[] {
    const request = "GET /ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n";
    return ["bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${healthPort} && printf '${request}' >&3 && grep -q LIVE <&3`];
}
