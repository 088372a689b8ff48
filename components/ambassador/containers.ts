/** The app and its Envoy sidecar as the container hosting blocks take them, for every target. */
import type { ContainerServiceArgs, ContainerSpec } from "../platform/container-types";
import type { ResolvedAmbassadorArgs } from "./resolve";
import { APP_NAME, ENVOY_IMAGE, ENVOY_UID, envoyInlineArgs, readyCommand, SIDECAR_NAME } from "./sidecar";

/**
 * The containers: the app (ingress, waiting for the sidecar's health) and Envoy with `envoyArgs`
 * (the bootstrap inline, or the path of its mounted file), the client certificates from the
 * secret store (as variables or mounted files, by target), and a readiness check on its health listener.
 */
export function ambassadorService(
    resolved: ResolvedAmbassadorArgs,
    envoyArgs: string[] = envoyInlineArgs(resolved.sidecar.bootstrap),
): ContainerServiceArgs {
    const { app, sidecar } = resolved;
    const healthPort = sidecar.policy.healthPort;
    const envoy: ContainerSpec = {
        name: SIDECAR_NAME,
        image: ENVOY_IMAGE,
        cpu: sidecar.cpu,
        memoryMb: sidecar.memoryMb,
        args: envoyArgs,
        secretEnv: sidecar.clientCertificates.flatMap(({ secret, source }) =>
            "pemFile" in source
                ? []
                : [
                      { name: source.certificateVariable, secret, key: resolved.target === "kubernetes" ? "tls.crt" : "certificate" },
                      { name: source.privateKeyVariable, secret, key: resolved.target === "kubernetes" ? "tls.key" : "privateKey" },
                  ],
        ),
        secretFiles: sidecar.clientCertificates.flatMap(({ secret, source }) =>
            "pemFile" in source ? [{ secret, path: source.pemFile }] : [],
        ),
        health: { port: healthPort, path: "/ready", command: readyCommand(healthPort) },
        sidecar: true,
        runAsUser: ENVOY_UID,
    };
    const main: ContainerSpec = {
        name: APP_NAME,
        image: app.image,
        cpu: app.cpu,
        memoryMb: app.memoryMb,
        port: app.port,
        command: app.command,
        env: app.env,
        waitsFor: [SIDECAR_NAME],
    };
    return {
        containers: [main, envoy],
        ingress: resolved.ingress,
        minInstances: resolved.minInstances,
        maxInstances: resolved.maxInstances,
        logRetentionDays: resolved.logRetentionDays,
        tags: resolved.tags,
    };
}
