import * as os from "node:os";
import * as path from "node:path";
import { findExecutable } from "./process";
import { setupTimeoutMs, type Requirement } from "./requirement";
import { runCommand } from "./run-command";

/** Test runs of other checkouts on this machine may install at the same time: they wait for each other here rather than fail on apt's lock. */
const lockFile = path.join(os.tmpdir(), "cloud-patterns-test-peers-apt.lock");

let listsUpdated: Promise<unknown> | undefined;

/** A Debian package the test run installs with apt-get when it runs as root and finds it missing. */
export function debianPackage(name: string, missing: () => string | undefined): Requirement {
    return {
        name: `${name} (apt-get)`,
        missing,
        remedy: `run \`apt-get install -y ${name}\` as root`,
        async obtain() {
            if (process.getuid?.() !== 0) throw new Error("not running as root, so apt-get cannot install it");
            if (!findExecutable("apt-get")) throw new Error("no apt-get on this machine");
            // A fresh machine image has no package lists; once per run is enough.
            listsUpdated ??= aptGet("update");
            await listsUpdated;
            await aptGet("install", "-y", "--no-install-recommends", name);
        },
    };
}

function aptGet(...args: string[]): Promise<string> {
    const waitS = String(Math.round(setupTimeoutMs / 1000));
    return runCommand("flock", ["-w", waitS, lockFile, "apt-get", "-qq", "-o", `DPkg::Lock::Timeout=${waitS}`, ...args], {
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
        timeoutMs: setupTimeoutMs,
    });
}
