/**
 * Program start: the wall time of `cloud-patterns plan --stack aws-dev --cloud aws` as a whole
 * (the parent reading the stack file, one child evaluating stacks/index.ts under mocks: Pulumi and
 * the AWS provider loaded, every handler bundle built or taken from the cache, every resource
 * registered), as a ratio to its floor: a Node process that only requires @pulumi/pulumi and
 * @pulumi/aws. aws-dev configures all seven patterns. The compiled CLI (bin/, lib/ from
 * `npm run build`) when lib/ is there, and the sources through tsx as `npm start` runs them.
 * Medians of ROUNDS, the kinds in turns, so a change in the machine's load weighs on each alike.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = join(__dirname, "..");
const ROUNDS = 3;
const PLAN = ["plan", "--stack", "aws-dev", "--cloud", "aws"];

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function wallMs(args: string[]): number {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8" });
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${run.status}: ${run.stderr}`);
    return performance.now() - t0;
}

const kinds: { label: string; args: string[] }[] = [
    { label: "floor: node requiring @pulumi/pulumi and @pulumi/aws", args: ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws")'] },
    ...(existsSync(join(ROOT, "lib", "plan", "cli.js"))
        ? [
              {
                  label: "cloud-patterns plan --stack aws-dev --cloud aws (compiled, bin/)",
                  args: [join(ROOT, "bin", "cloud-patterns.js"), ...PLAN],
              },
          ]
        : []),
    {
        label: "the same from source (tsx plan/cli.ts, as npm start)",
        args: ["--require", require.resolve("tsx/cjs"), join(ROOT, "plan", "cli.ts"), ...PLAN],
    },
];

function main() {
    console.log(`node ${process.version}`);
    if (kinds.length === 2) console.log("lib/ is missing: `npm run build` to measure the compiled CLI too");
    // One run first, untimed: the bundle and transpile caches are then warm for every timed round.
    for (const kind of kinds.slice(1)) wallMs(kind.args);
    const times = kinds.map(() => [] as number[]);
    for (let i = 0; i < ROUNDS; i++) kinds.forEach((kind, k) => times[k].push(wallMs(kind.args)));
    const floor = median(times[0]);
    kinds.forEach((kind, k) => {
        const ms = median(times[k]);
        console.log(
            `${kind.label}: ${(ms / 1000).toFixed(2)} s, median of ${ROUNDS}${k === 0 ? "" : `; ratio to the floor ${(ms / floor).toFixed(2)}x`}`,
        );
    });
}

main();
