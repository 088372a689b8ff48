/**
 * Only the chosen cloud's provider SDK is loaded. Each cloud runs in a fresh process: the module
 * cache is per process, and this one has loaded all three.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

function sdksLoadedFor(cloud: string): string[] {
    const script = `
        const { evaluateAcl } = require(${JSON.stringify(path.join(__dirname, "component-fixture.ts"))});
        evaluateAcl(${JSON.stringify(cloud)}).then(() => {
            const loaded = ${JSON.stringify(SDKS)}.filter((sdk) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + sdk + "/")));
            console.log(JSON.stringify(loaded));
        });`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", cwd: path.resolve(__dirname, "../..") });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]");
}

describe("AntiCorruptionLayer SDK loading", () => {
    for (const [cloud, sdk] of [["aws", "@pulumi/aws"], ["azure", "@pulumi/azure-native"], ["gcp", "@pulumi/gcp"]]) {
        it(`loads only ${sdk} for ${cloud}`, () => {
            assert.deepEqual(sdksLoadedFor(cloud), [sdk]);
        });
    }
});
