/**
 * Program start under mocks for one cloud: the wall time of evaluating stacks/Pulumi.aws-dev.yaml's
 * program for AWS in a child process of its own (what `cloud-patterns plan --stack aws-dev --cloud aws`
 * waits for: Pulumi and the providers loaded, every handler bundled, every resource registered), as
 * a ratio to starting a bare child on the same Node with ts-node. Prints the Node it ran on: this
 * is the figure a toolchain upgrade moves. Medians of ROUNDS cold starts, the two kinds alternating.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { evaluateStacks } from "../plan/compare";

const ROOT = join(__dirname, "..");
const ROUNDS = 5;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function bareStartMs(): number {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", ""], { stdio: "inherit" });
    if (run.status !== 0) throw new Error(`a bare ${process.execPath} with ts-node exited with ${run.status}`);
    return performance.now() - t0;
}

async function programStartMs(): Promise<{ ms: number; resources: number }> {
    const t0 = performance.now();
    const [stack] = await evaluateStacks({ stacksDir: join(ROOT, "stacks"), stacks: ["aws-dev"], clouds: ["aws"] });
    return { ms: performance.now() - t0, resources: stack.clouds[0].resources.length };
}

async function main() {
    console.log(`node ${process.version}`);
    const bare: number[] = [];
    const program: number[] = [];
    let resources = 0;
    for (let i = 0; i < ROUNDS; i++) {
        bare.push(bareStartMs());
        const start = await programStartMs();
        program.push(start.ms);
        resources = start.resources;
    }
    const bareMs = median(bare);
    const programMs = median(program);
    console.log(`bare child (node + ts-node), median of ${ROUNDS}: ${bareMs.toFixed(0)} ms`);
    console.log(`aws-dev program on aws under mocks (${resources} resources), median of ${ROUNDS}: ${programMs.toFixed(0)} ms`);
    console.log(`ratio program start / bare child start: ${(programMs / bareMs).toFixed(2)}x`);
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
