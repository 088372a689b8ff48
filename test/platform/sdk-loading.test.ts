/**
 * The platform's shared files load no cloud SDK, and each per-cloud file loads only its own, so a
 * pattern that requires its per-cloud implementation lazily keeps other SDKs out of the program.
 * Each module is required in a fresh process: the module cache is per process.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];
const PLATFORM = path.resolve(__dirname, "../../components/platform");

function sdksLoadedBy(files: readonly string[]): string[] {
    const script = `
        for (const file of ${JSON.stringify(files.map((file) => path.join(PLATFORM, file)))}) require(file);
        const loaded = ${JSON.stringify(SDKS)}.filter((sdk) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + sdk + "/")));
        console.log(JSON.stringify(loaded));`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        encoding: "utf8",
        cwd: path.resolve(__dirname, "../.."),
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]");
}

describe("platform SDK loading", () => {
    const groups: [string[], string[]][] = [
        [["types.ts", "tags.ts", "naming.ts", "routes.ts", "archive.ts", "function-settings.ts", "bundle.ts", "front-door-auth.ts"], []],
        [["function-aws.ts", "http-aws.ts"], ["@pulumi/aws"]],
        [["function-azure.ts", "http-azure.ts", "azure-roles.ts"], ["@pulumi/azure-native"]],
        [["function-gcp.ts", "http-gcp.ts"], ["@pulumi/gcp"]],
    ];
    for (const [files, sdks] of groups) {
        it(`${files.join(", ")} load ${sdks.length ? sdks.join(", ") + " only" : "no cloud SDK"}`, () => {
            assert.deepEqual(sdksLoadedBy(files), sdks);
        });
    }
});
