import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { usePeer } from "../support/peers";
import { isRunning } from "../../plan/dev/peers/process";
import { until } from "./wait";

interface Run {
    readonly code: number;
    readonly output: string;
}

/** Runs a fixture in a child Node (ts-node, transpile only) with the given extra environment. */
function runFixture(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
    const { CI: _ci, ...base } = process.env;
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", ...args],
            { env: { ...base, ...env }, cwd: path.resolve(__dirname, "../..") },
            (error, stdout, stderr) => {
                resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr });
            },
        );
    });
}

const mocha = require.resolve("mocha/bin/mocha.js");
const unavailableFixture = path.join(__dirname, "fixtures/unavailable-peers.ts");
async function runUnavailable(env: NodeJS.ProcessEnv): Promise<Run> {
    const dir = mkdtempSync(path.join(tmpdir(), "peers-fixture-"));
    try {
        return await runFixture([mocha, "--no-config", "--extension", "ts", "--reporter", "spec", unavailableFixture], {
            PEERS_FIXTURE_DIR: dir,
            ...env,
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, "g"))?.length ?? 0;

describe("peers: usePeer", () => {
    it("skips the suites of a peer whose install fails with one line naming the command, and no hook fails", async function () {
        this.timeout(60_000);
        const run = await runUnavailable({});
        assert.equal(run.code, 0, run.output);
        assert.equal(count(run.output, /obtaining failing-peer/), 1, `two suites, one install attempt:\n${run.output}`);
        assert.equal(count(run.output, /failing-peer peer unavailable/), 1, run.output);
        assert.match(
            run.output,
            /failing-peer peer unavailable: \/usr\/bin\/failing-peer not found, and getting it failed: `apt-get install -y failing-peer` failed \(exit 100\) \/ Reading package lists\.\.\. \/ E: Unable to locate package failing-peer; run `apt-get install -y failing-peer` as root\n/,
        );
        assert.match(
            run.output,
            /check-only-peer peer unavailable: \/opt\/check-only-peer not found; install `check-only-peer` from its vendor's apt repository\n/,
        );
        assert.equal(count(run.output, /suite needing failing-peer\n/), 2, run.output);
        assert.equal(count(run.output, /- uses failing-peer\n/), 2, run.output);
        assert.doesNotMatch(run.output, /hook|cleaned up after (failing|check-only)-peer/);
        assert.match(run.output, /1 passing[\s\S]*3 pending/);
    });

    it("gets a missing requirement on first need, then starts the peer, and reports what setting up cost", async function () {
        this.timeout(60_000);
        const run = await runUnavailable({ PEERS_FIXTURE: "fetched-peer,fetched-peer" });
        assert.equal(run.code, 0, run.output);
        assert.equal(count(run.output, /fetched-peer gave fetched/), 2, run.output);
        assert.equal(count(run.output, /cleaned up after fetched-peer/), 2, run.output);
        assert.match(
            run.output,
            /test peers set up in this run: fetched-peer files \d+\.\d s\n\s+test peers started in this run: fetched-peer \d+\.\d s/,
        );
    });

    it("fails, never skips, the suites of a peer that cannot be had when CI=true", async function () {
        this.timeout(60_000);
        const run = await runUnavailable({ CI: "true" });
        assert.notEqual(run.code, 0, run.output);
        assert.match(run.output, /3 failing/);
        assert.equal(count(run.output, /PeerUnavailableError: failing-peer peer unavailable/), 2, run.output);
        assert.match(run.output, /PeerUnavailableError: check-only-peer peer unavailable/);
        assert.doesNotMatch(run.output, /pending/);
    });

    it("names the apt-get command to run as root when the run is not root", async function () {
        this.timeout(60_000);
        // The fixture answers uid 65534 ('nobody') for its own process: as root, apt-get would really be asked (and fail otherwise).
        const run = await runUnavailable({ PEERS_FIXTURE: "apt-peer", PEERS_FIXTURE_UID: "65534" });
        assert.equal(run.code, 0, run.output);
        assert.match(
            run.output,
            /apt-peer peer unavailable: not installed, and getting it failed: not running as root, so apt-get cannot install it; run `apt-get install -y cloud-patterns-no-such-package` as root\n/,
        );
        assert.match(run.output, /0 passing[\s\S]*1 pending/);
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
