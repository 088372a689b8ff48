/**
 * Only the chosen cloud's provider SDK is loaded, for every pattern at once: each dev stack's
 * program (all four patterns) runs in a fresh process (the module cache is per process, and a
 * test process has loaded all three SDKs) and reports which SDKs it loaded.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

function sdksLoadedBy(stack: string): { loaded: string[]; patterns: string[] } {
    const script = `
        const { readStackFile } = require("./plan/stack-file");
        const { evaluate } = require("./plan/mock-cloud");
        const { config } = readStackFile("stacks/Pulumi.${stack}.yaml");
        evaluate(() => require("./stacks/index.ts"), { config, stack: "${stack}" }).then(({ resources }) => {
            const loaded = ${JSON.stringify(SDKS)}.filter((sdk) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + sdk + "/")));
            const patterns = [...new Set(resources.filter((r) => r.type.startsWith("cloud-patterns:index:")).map((r) => r.type.split(":")[2]))].sort();
            console.log(JSON.stringify({ loaded, patterns }));
        });`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", cwd: ROOT });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
}

describe("provider SDK loading (the dev stacks, every pattern)", () => {
    for (const [stack, sdk] of [["aws-dev", "@pulumi/aws"], ["azure-dev", "@pulumi/azure-native"], ["gcp-dev", "@pulumi/gcp"]]) {
        it(`${stack} builds all four patterns and loads only ${sdk}`, () => {
            const { loaded, patterns } = sdksLoadedBy(stack);
            assert.deepEqual(patterns, ["AntiCorruptionLayer", "EventSourcing", "GatewayAggregation", "Retry"]);
            assert.deepEqual(loaded, [sdk]);
        });
    }
});
