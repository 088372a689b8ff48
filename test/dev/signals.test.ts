/** `cloud-patterns dev` as a user runs it: it keeps running until Ctrl-C, then every process it started is gone (checked by pid). */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { isRunning } from "../../plan/dev/peers/process";

const ROOT = path.resolve(__dirname, "../..");

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
        let seen = "";
        const onData = (d: Buffer) => {
            seen += d.toString();
            const match = pattern.exec(seen);
            if (match) {
                child.stdout!.off("data", onData);
                resolve(match);
            }
        };
        child.stdout!.on("data", onData);
        child.once("exit", (code) => reject(new Error(`dev exited with ${code} before printing ${pattern}:\n${seen}`)));
    });
}

async function waitUntilGone(pids: readonly number[]): Promise<number[]> {
    for (let i = 0; i < 100 && pids.some(isRunning); i++) await new Promise((r) => setTimeout(r, 100));
    return pids.filter(isRunning);
}

describe("cloud-patterns dev: Ctrl-C", function () {
    this.timeout(240_000);

    // SIGTERM takes the same path (plan/dev/cli.ts listens for both); one run keeps the suite short.
    for (const signal of ["SIGINT"] as const) {
        it(`stops every function process it started on ${signal}`, async () => {
            const child = spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), "plan/cli.ts", "dev", "--stack", "azure-dev"], {
                cwd: ROOT,
                stdio: ["ignore", "pipe", "pipe"],
            });
            try {
                const [, list] = await waitForLine(child, /function processes: ([\d ]+)\)/);
                const pids = list.trim().split(" ").map(Number);
                assert.ok(pids.length >= 2, `expected the gateway and translator processes, got ${list}`);
                assert.deepEqual(
                    pids.filter((p) => !isRunning(p)),
                    [],
                );
                const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
                child.kill(signal);
                assert.equal(await exited, 0);
                assert.deepEqual(await waitUntilGone([...pids, child.pid!]), []);
            } finally {
                if (child.exitCode === null) child.kill("SIGKILL");
            }
        });
    }
});
