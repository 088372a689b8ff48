/** The `cloud-patterns` command as a user runs it: exit codes and messages for bad input, and output on good. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_PROGRAM, FIXTURE_STACKS } from "./fixture";

// The sources, as `npm start` runs them; test/package/ runs the compiled bin from an installed copy.
const CLI = join(__dirname, "..", "..", "plan", "cli.ts");

function run(...args: string[]) {
    const r = spawnSync(process.execPath, ["--require", require.resolve("tsx/cjs"), CLI, ...args], { encoding: "utf8", timeout: 180000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stacksDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "cloud-patterns-cli-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

describe("plan: cloud-patterns command", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    it("prints its usage for --help and exits 2 with usage for an unknown command", () => {
        const help = run("--help");
        assert.equal(help.code, 0);
        assert.match(help.stdout, /Usage: cloud-patterns <command>/);
        const bad = run("deploy");
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /unknown command 'deploy'; commands are costs, plan/);
    });

    it("names the stack file that does not parse", () => {
        const dir = stacksDir({ "Pulumi.dev.yaml": "config:\n  cloud-patterns:cloud: [aws\n" });
        const r = run("costs", "--stacks-dir", dir, "--program", FIXTURE_PROGRAM);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Pulumi\.dev\.yaml: the stack file is not valid YAML: .*line \d+/);
    });

    it("names a workload field with the wrong type before evaluating anything", () => {
        const dir = stacksDir({
            "Pulumi.dev.yaml": "config:\n  cloud-patterns:cloud: aws\n  cloud-patterns:workload:\n    requests: many\n",
        });
        const r = run("costs", "--stacks-dir", dir, "--program", FIXTURE_PROGRAM);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Pulumi\.dev\.yaml: cloud-patterns:workload: requests must be a number >= 0 .* got "many"/);
    });

    it("names an unknown cloud, in a stack file or on the command line", () => {
        const dir = stacksDir({ "Pulumi.dev.yaml": "config:\n  cloud-patterns:cloud: oracle\n" });
        const inFile = run("costs", "--stacks-dir", dir, "--program", FIXTURE_PROGRAM);
        assert.equal(inFile.code, 1);
        assert.match(
            inFile.stderr,
            /Pulumi\.dev\.yaml: cloud-patterns:cloud: unknown cloud 'oracle'; valid values are aws, azure, gcp, kubernetes\n/,
        );
        const onLine = run("costs", "--cloud", "ibm", "--stacks-dir", FIXTURE_STACKS, "--program", FIXTURE_PROGRAM);
        assert.equal(onLine.code, 1);
        assert.match(onLine.stderr, /--cloud: unknown cloud 'ibm'/);
    });

    it("reports a program that fails under mocks with the stack and the program's message", () => {
        const dir = stacksDir({
            "Pulumi.dev.yaml": "config:\n  cloud-patterns:cloud: aws\n",
            "broken.ts": 'throw new Error("no such pattern arg: backends");\n',
        });
        const r = run("plan", "--stacks-dir", dir, "--program", join(dir, "broken.ts"), "--cloud", "aws");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /stack dev: the program .*broken\.ts failed under mocks: no such pattern arg: backends/);
    });

    it("costs --json prints Infracost-like JSON for the chosen stack and cloud; plan lists the tree", () => {
        const costs = run(
            "costs",
            "--json",
            "--stack",
            "gcp-dev",
            "--cloud",
            "gcp",
            "--stacks-dir",
            FIXTURE_STACKS,
            "--program",
            FIXTURE_PROGRAM,
        );
        assert.equal(costs.code, 0, costs.stderr);
        const json = JSON.parse(costs.stdout);
        assert.deepEqual(
            json.projects.map((p: { name: string }) => p.name),
            ["gcp-dev/gcp"],
        );
        assert.equal(json.projects[0].metadata.stackCloud, true);
        const plan = run("plan", "--stack", "gcp-dev", "--cloud", "aws", "--stacks-dir", FIXTURE_STACKS, "--program", FIXTURE_PROGRAM);
        assert.equal(plan.code, 0, plan.stderr);
        assert.match(plan.stdout, /Stack gcp-dev on aws, us-east-1: 9 resources/);
        // children under their component, sorted by type and name
        assert.match(
            plan.stdout,
            /\* cloud-patterns:index:GatewayAggregation orders\n {6}\+ aws:apigatewayv2\/api:Api orders-api\n(?: {6}\+ .*\n)* {6}\+ aws:lambda\/function:Function orders-aggregator\n/,
        );
    });
});
