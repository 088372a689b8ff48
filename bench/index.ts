/**
 * Runs every `bench/*.bench.ts` in its own process (the Pulumi runtime and module caches
 * are per process), one after another so they do not compete for the two cores.
 * Each bench prints its own ratios against a baseline measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const only = process.argv.slice(2);
const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
let failed = 0;
for (const file of benches) {
    console.log(`\n== ${file}`);
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, file)], { stdio: "inherit" });
    if (run.status !== 0) {
        // A bench killed by a signal prints nothing of its own: say so, or the run looks finished.
        console.log(
            `== ${file} failed: ${run.signal ? `killed by ${run.signal}` : run.error ? run.error.message : `exit status ${run.status}`}`,
        );
        failed++;
    }
}
process.exitCode = failed ? 1 : 0;
