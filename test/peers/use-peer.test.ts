import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { usePeer } from "../support/peers";
import { isRunning } from "../support/peers/process";
import { until } from "./wait";

interface Run {
    readonly code: number;
    readonly output: string;
}

/** Runs a fixture in a child Node (ts-node, transpile only) with the given extra environment. */
function runFixture(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
    const { CI: _ci, ...base } = process.env;
    return new Promise((resolve) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], { env: { ...base, ...env }, cwd: path.resolve(__dirname, "../..") }, (error, stdout, stderr) => {
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
        });
    });
}

const mocha = require.resolve("mocha/bin/mocha.js");
const absentFixture = path.join(__dirname, "fixtures/absent-peer.ts");

describe("peers: usePeer", () => {
    it("skips a suite whose peer is missing, naming the peer and the install command", async function () {
        this.timeout(60_000);
        const run = await runFixture([mocha, "--no-config", "--extension", "ts", absentFixture], {});
        assert.equal(run.code, 0, run.output);
        assert.match(run.output, /skipped \(test peer 'absent-peer' is not available: \/usr\/bin\/absent-peer not found\. Install it with: apt-get install -y absent-peer\)/);
        assert.match(run.output, /0 passing[\s\S]*1 pending/);
    });

    it("fails, never skips, a suite whose peer is missing when CI=true", async function () {
        this.timeout(60_000);
        const run = await runFixture([mocha, "--no-config", "--extension", "ts", absentFixture], { CI: "true" });
        assert.notEqual(run.code, 0, run.output);
        assert.match(run.output, /1 failing/);
        assert.match(run.output, /PeerMissingError: test peer 'absent-peer' is not available/);
        assert.doesNotMatch(run.output, /pending/);
    });

    it("takes a peer's process group down when the process exits without stopping it", async function () {
        this.timeout(60_000);
        const run = await runFixture([path.join(__dirname, "fixtures/exit-without-stop.ts")], {});
        assert.equal(run.code, 0, run.output);
        const pids = JSON.parse(run.output.trim().split("\n").pop()!) as number[];
        assert.equal(pids.length, 3);
        await until(() => !pids.some(isRunning));
    });

    describe("sharing", () => {
        let firstEndpoint = "";
        let firstNamespace = "";

        describe("a first suite", () => {
            const peer = usePeer("dynalite");
            it("gets the peer", () => {
                firstEndpoint = peer.endpoint;
                firstNamespace = peer.namespace;
                assert.match(peer.namespace, /^[a-z][a-z0-9]*$/);
            });
        });

        describe("a second suite", () => {
            const peer = usePeer("dynalite");
            it("reuses the same running peer under a namespace of its own", () => {
                assert.equal(peer.endpoint, firstEndpoint);
                assert.notEqual(peer.namespace, firstNamespace);
            });
        });

        describe("a suite that reads its handle too early", () => {
            it("gets an error saying where to read it", () => {
                // `usePeer` was called in the describe body above; this reads a handle whose hooks never ran.
                const early = handleReadBeforeHooks;
                assert.throws(() => early.endpoint, /usePeer\('dynalite'\)\.endpoint was read before the suite's before\(\) hook ran/);
            });
        });
    });
});

// A describe that never runs (no tests), so its handle stays unfilled.
let handleReadBeforeHooks: { endpoint: string };
describe("peers: a suite without tests", () => {
    handleReadBeforeHooks = usePeer("dynalite");
});
