import * as fs from "node:fs";
import * as path from "node:path";
import { javaEnv, javaStopSignal } from "./java";
import type { StartedPeer } from "./peer";
import { gcloudRoot } from "./paths";
import { freePort } from "./ports";
import { PeerProcess, startedWhenReady } from "./process";
import { httpRequest } from "./readiness";
import type { Requirement } from "./requirement";

export interface EmulatorAddress {
    readonly host: string;
    readonly port: number;
    /** `host:port`, the form the *_EMULATOR_HOST variables take. */
    readonly hostPort: string;
}

/**
 * A google-cloud-cli emulator: it comes with the machine image from Google's apt
 * repository (Debian does not carry google-cloud-cli), so the run only checks for it.
 */
export function gcloudEmulator(relativePath: string, packageName: string): Requirement {
    const file = path.join(gcloudRoot, relativePath);
    return {
        name: packageName,
        missing: () => (fs.existsSync(file) ? undefined : `${file} not found`),
        remedy: `install \`${packageName}\` from Google's apt repository (packages.cloud.google.com; Debian does not carry it), or set CLOUDSDK_ROOT_DIR`,
    };
}

/**
 * Starts one of the Java emulators (Firestore, Pub/Sub) on 127.0.0.1 and a
 * free port; both answer "Ok" to `GET /` once their gRPC server is up.
 */
export async function startJavaEmulator(
    peer: string,
    relativePath: string,
    args: (port: number) => string[],
): Promise<StartedPeer<EmulatorAddress>> {
    const host = "127.0.0.1";
    const port = await freePort();
    const child = new PeerProcess(peer, path.join(gcloudRoot, relativePath), args(port), { env: javaEnv(), stopSignal: javaStopSignal });
    return startedWhenReady(child, () => expectOk(`http://${host}:${port}/`), { host, port, hostPort: `${host}:${port}` });
}

async function expectOk(url: string): Promise<void> {
    const answer = await httpRequest(url);
    if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
}
