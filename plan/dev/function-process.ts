/**
 * Starts one function host (function-host.ts) as a child process: the bundle the cloud would get,
 * built and written to the run's folder, loaded with the function's own environment. Its output
 * becomes live log lines; `stop` ends it and waits until it is gone.
 */
import { ChildProcess, fork } from "node:child_process";
import { extname, join } from "node:path";
import { createInterface } from "node:readline";
import { Cloud } from "../../components/cloud";
import { bundleFunction, gcpSignatureType } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import type { BundleSpec } from "../../components/platform/types";
import { installAzureCoreStandIn } from "./azure-core-stand-in";
import type { HostReady, HostRequest } from "./function-host";

const HOST = join(__dirname, `function-host${extname(__filename)}`);
// From source the host needs a TypeScript loader for itself; compiled, it is plain JavaScript.
const HOST_EXEC_ARGV = extname(__filename) === ".ts" ? ["--require", require.resolve("tsx/cjs")] : [];
const READY_TIMEOUT_MS = 60_000;

export interface FunctionProcess {
    readonly pid: number;
    /** The port its server listens on, on 127.0.0.1. */
    readonly port: number;
    stop(): Promise<void>;
}

export interface FunctionLaunch {
    readonly cloud: Cloud;
    /** The cloud's function name for the bundle (the role, or the pattern's name for its only function). */
    readonly functionName: string;
    readonly bundle: BundleSpec;
    /** Folder the bundle is written to. */
    readonly dir: string;
    readonly environment: Readonly<Record<string, string>>;
    readonly log: (line: string) => void;
}

export async function startFunction(launch: FunctionLaunch): Promise<FunctionProcess> {
    writeBundle(bundleFunction(launch.bundle, launch.cloud, launch.functionName), launch.dir);
    if (launch.cloud === Cloud.Azure) installAzureCoreStandIn(launch.dir);
    const request: HostRequest = {
        cloud: launch.cloud,
        dir: launch.dir,
        functionName: launch.functionName,
        trigger: launch.bundle.trigger.kind,
        signatureType: gcpSignatureType(launch.bundle.trigger),
    };
    const child = fork(HOST, [JSON.stringify(request)], {
        execArgv: HOST_EXEC_ARGV,
        // The function sees only what its cloud would give it, plus what Node needs to run.
        env: { PATH: process.env.PATH ?? "", NODE_ENV: "development", ...launch.environment },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", (line) => launch.log(line));
    const port = await ready(child, launch.functionName);
    return { pid: child.pid!, port, stop: () => stopChild(child) };
}

function ready(child: ChildProcess, name: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill();
            reject(new Error(`function '${name}' did not start within ${READY_TIMEOUT_MS / 1000} s`));
        }, READY_TIMEOUT_MS);
        child.once("message", (reply: HostReady) => {
            clearTimeout(timer);
            if ("error" in reply) {
                child.kill();
                reject(new Error(`function '${name}' failed to start: ${reply.error}`));
            } else resolve(reply.port);
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`function '${name}' exited with code ${code} before it listened`));
        });
    });
}

/** Disconnects (the host exits on it), then SIGKILL if it lingers; resolves once the process is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
        child.once("exit", () => {
            clearTimeout(timer);
            resolve();
        });
        if (child.connected) child.disconnect();
        else child.kill("SIGTERM");
    });
}
