/**
 * Each dev stack's program builds every registered pattern (components/patterns.ts) from its config
 * key, exports its stack output, and loads only the chosen cloud's provider SDK. Each program runs
 * in a fresh process (the module cache is per process, and a test process has loaded all three
 * SDKs) and reports which SDKs it loaded, the patterns it created and the outputs it exported.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { PATTERNS } from "../../components/patterns";
import { readStackFile } from "../../plan/stack-file";

const ROOT = path.resolve(__dirname, "../..");
const SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

function evaluateDevStack(stack: string): { loaded: string[]; patterns: string[]; outputs: string[] } {
    const script = `
        const { readStackFile } = require("./plan/stack-file");
        const { evaluate } = require("./plan/mock-cloud");
        const { config } = readStackFile("stacks/Pulumi.${stack}.yaml");
        evaluate(() => require("./stacks/index.ts"), { config, stack: "${stack}" }).then(({ resources, result }) => {
            const loaded = ${JSON.stringify(SDKS)}.filter((sdk) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + sdk + "/")));
            const patterns = [...new Set(resources.filter((r) => r.type.startsWith("cloud-patterns:index:")).map((r) => r.type))].sort();
            const outputs = Object.keys(result).filter((k) => result[k] !== undefined);
            console.log(JSON.stringify({ loaded, patterns, outputs }));
        });`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", cwd: ROOT });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
}

describe("the dev stacks: every registered pattern, one provider SDK", () => {
    for (const [stack, sdk] of [
        ["aws-dev", "@pulumi/aws"],
        ["azure-dev", "@pulumi/azure-native"],
        ["gcp-dev", "@pulumi/gcp"],
    ]) {
        it(`${stack} builds and exports all ${PATTERNS.length} registered patterns and loads only ${sdk}`, () => {
            const { config } = readStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`));
            const unset = PATTERNS.filter((p) => config[`cloud-patterns:${p.configKey}`] === undefined).map(
                (p) => `cloud-patterns:${p.configKey}`,
            );
            assert.deepEqual(
                unset,
                [],
                `stacks/Pulumi.${stack}.yaml leaves registered patterns out: set these keys (the dev stacks deploy every pattern)`,
            );
            const { loaded, patterns, outputs } = evaluateDevStack(stack);
            assert.deepEqual(
                patterns,
                PATTERNS.map((p) => p.type).sort(),
                "stacks/index.ts must build each registered pattern whose config key the stack sets",
            );
            assert.deepEqual(
                outputs,
                PATTERNS.map((p) => p.stack.output),
                "stacks/index.ts must export each deployed pattern's stack output, in the registry's order",
            );
            assert.deepEqual(loaded, [sdk]);
        });
    }
});
