/**
 * Only the chosen cloud's provider SDK is loaded, and backend URLs may be outputs. The SDK check
 * runs each cloud in a fresh process: the module cache is per process, and this one has loaded all three.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { only } from "../support/resources";
import { deploy, STACK_CONFIG } from "./deploy";

const SDKS = ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

function sdksLoadedFor(cloud: string): string[] {
    const script = `
        const { deploy } = require(${JSON.stringify(path.join(__dirname, "deploy.ts"))});
        deploy(${JSON.stringify(cloud)}).then(() => {
            const loaded = ${JSON.stringify(SDKS)}.filter((sdk) => Object.keys(require.cache).some((f) => f.includes("/node_modules/" + sdk + "/")));
            console.log(JSON.stringify(loaded));
        });`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", cwd: path.resolve(__dirname, "../..") });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]");
}

describe("GatewayAggregation loading and outputs", () => {
    for (const [cloud, sdk] of [["aws", "@pulumi/aws"], ["azure", "@pulumi/azure-native"], ["gcp", "@pulumi/gcp"]]) {
        it(`loads only ${sdk} for the ${cloud} stack`, () => {
            assert.ok(STACK_CONFIG[cloud]);
            assert.deepEqual(sdksLoadedFor(cloud), [sdk]);
        });
    }

    it("accepts a backend URL that is an output (another stack's endpoint) and writes its value into the settings", async () => {
        const { resources } = await deploy("aws", {
            backends: [{ name: "users", url: pulumi.output("https://users-api.example.com").apply((base) => `${base}/users/{id}`) }],
        });
        const document = JSON.parse(only(resources, "aws:lambda/function:Function").inputs.environment.variables.CLOUD_PATTERNS_CONFIG);
        assert.equal(document.backends[0].url, "https://users-api.example.com/users/{id}");
    });
});
