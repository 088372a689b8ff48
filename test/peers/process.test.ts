import * as assert from "node:assert/strict";
import { PeerStartError } from "../support/peers";
import { isRunning, PeerProcess } from "../../plan/dev/peers/process";
import { waitUntilReady } from "../../plan/dev/peers/readiness";
import { until } from "./wait";

const neverReady = () => Promise.reject(new Error("connection refused (on purpose)"));

describe("peers: child processes and readiness", () => {
    it("names the peer, its command and the end of its output when it dies before it is ready", async () => {
        const child = new PeerProcess("fake-peer", "/bin/sh", ["-c", "echo listening failed: port taken >&2; exit 3"]);
        await assert.rejects(waitUntilReady(child, neverReady, 10_000), (error: Error) => {
            assert.ok(error instanceof PeerStartError);
            assert.match(error.message, /test peer 'fake-peer' failed to start: exited early with code 3/);
            assert.match(error.message, /command: \/bin\/sh -c echo listening failed/);
            assert.match(error.message, /--- last output of fake-peer ---\nlistening failed: port taken/);
            return true;
        });
    });

    it("gives up after its bound, with the last probe error, and the peer can still be stopped", async () => {
        const child = new PeerProcess("slow-peer", "/bin/sh", ["-c", "echo warming up; sleep 300"]);
        try {
            await assert.rejects(
                waitUntilReady(child, neverReady, 300),
                /test peer 'slow-peer' failed to start: not ready after 300 ms \(last probe error: connection refused \(on purpose\)\)[\s\S]*warming up/,
            );
        } finally {
            await child.stop();
        }
        assert.deepEqual(child.groupPids(), []);
    });

    it("stops the whole process group, children that the wrapper script started included", async () => {
        const child = new PeerProcess("wrapper-peer", "/bin/sh", ["-c", "sleep 300 & sleep 300 & wait"]);
        await until(() => child.groupPids().length === 3);
        const pids = child.groupPids();
        await child.stop();
        assert.deepEqual(pids.filter(isRunning), []);
    });

    it("kills a group that ignores the polite stop signal", async () => {
        const child = new PeerProcess("stubborn-peer", "/bin/sh", ["-c", "trap '' TERM; sleep 300 & wait"], { stopGraceMs: 200 });
        await until(() => child.groupPids().length === 2);
        const pids = child.groupPids();
        await child.stop();
        assert.deepEqual(pids.filter(isRunning), []);
    });
});
