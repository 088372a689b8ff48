import { debianPackage } from "./apt";
import type { PeerDefinition } from "./peer";
import { findExecutable } from "./process";
import { runCommand } from "./run-command";

/** What the Chromium peer gives a suite: a browser binary to run headless, one process per call. */
export interface ChromiumPeer {
    readonly binary: string;
    /** What `--version` printed, e.g. "Chromium 150.0.7871.100 built on Debian 12.11". */
    readonly version: string;
}

const chromiumBinary = () => findExecutable("chromium", ["/usr/bin/chromium"]);

/** Debian's Chromium, for looking at the HTML cost report. Nothing stays running: each test runs its own headless browser. */
export const chromium: PeerDefinition<ChromiumPeer, ChromiumPeer> = {
    name: "chromium",
    requires: [debianPackage("chromium", () => (chromiumBinary() ? undefined : "no chromium on PATH"))],
    async start() {
        const binary = chromiumBinary()!;
        // Ready means it runs on this machine (its shared libraries are all there).
        const version = (await runCommand(binary, ["--headless", "--version"], { timeoutMs: 30_000 })).trim();
        return { shared: { binary, version }, pids: () => [], stop: async () => undefined, kill: () => undefined };
    },
    async open(shared) {
        return { handle: shared };
    },
};
