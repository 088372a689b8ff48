/**
 * The package as a user gets it: `npm pack` (which builds lib/), the tarball installed into a
 * Pulumi TypeScript program of its own outside the repository (test/package/consumer/), then the
 * user's tsc, the user's test through `cloud-patterns/testing`, and `npx cloud-patterns plan`
 * against the program's own Pulumi.yaml and stack file, all from the installed copy.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installTarball, Manifest } from "./install-tarball";

const ROOT = join(__dirname, "..", "..");
const CONSUMER = join(__dirname, "consumer");

interface Registered {
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
}

function run(command: string, args: readonly string[], cwd: string) {
    const r = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 300_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const typeAndName = (r: Registered) => `${r.type} ${r.name}`;

describe("package: installed from its tarball into a user's program", function () {
    // npm pack compiles the package (tsc), and each evaluation loads a provider SDK.
    this.timeout(900_000);
    let work: string;
    let app: string;
    let files: string[];
    let packed: Manifest;

    before(() => {
        work = mkdtempSync(join(tmpdir(), "cloud-patterns-package-"));
        const out = execFileSync("npm", ["pack", "--json", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" });
        const [tarball] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string; files: { path: string }[] }[];
        files = tarball.files.map((f) => f.path);
        app = join(work, "shop");
        cpSync(CONSUMER, app, { recursive: true });
        packed = installTarball(join(work, tarball.filename), app, join(ROOT, "node_modules"));
    });

    after(() => work && rmSync(work, { recursive: true, force: true }));

    it("ships the compiled code, the handler sources (bundled at program time), the component sources (read by the schema analyzer), the provider, price lists, the CLI and the license; no tests", () => {
        for (const f of [
            "lib/components/index.js",
            "lib/components/index.d.ts",
            "lib/testing/index.d.ts",
            "lib/plan/evaluate-child.js",
            "handlers/gateway-aggregation/entries/aggregator.ts",
            "components/index.ts",
            "lib/provider/index.js",
            "provider/tsconfig.json",
            "PulumiPlugin.yaml",
            "plan/prices/aws.json",
            "bin/cloud-patterns.js",
            "LICENSE",
            "README.md",
        ]) {
            assert.ok(files.includes(f), `${f} is missing from the tarball`);
        }
        const unexpected = files.filter(
            (f) =>
                !/^(lib\/.*\.(js|d\.ts)|(components|handlers)\/.*\.ts|plan\/prices\/[a-z]+\.json|bin\/[a-z-]+\.js|provider\/.*|PulumiPlugin\.yaml|LICENSE|README\.md|package\.json)$/.test(
                    f,
                ),
        );
        assert.deepEqual(unexpected, []);
        assert.deepEqual(
            Object.keys(packed.dependencies ?? {}).filter((d) => d === "ts-node" || d === "typescript"),
            [],
        );
        assert.equal(existsSync(join(app, "node_modules", "ts-node")), false);
    });

    it("type-checks the user's program against the installed declarations (the user's own tsconfig)", () => {
        const r = run(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
        assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    describe("compiled by the user's tsc", () => {
        let underMocks: Registered[] = [];

        it("evaluates the program under mocks through cloud-patterns/testing, the user's merge module bundled", () => {
            const r = run(process.execPath, [join("bin", "check.js")], app);
            assert.equal(r.code, 0, r.stderr);
            const report = JSON.parse(r.stdout) as { resources: Registered[]; mergeBundled: boolean };
            underMocks = report.resources;
            const component = (type: string, name: string) => underMocks.find((x) => x.type === type && x.name === name);
            const storefront = component("cloud-patterns:index:GatewayAggregation", "storefront");
            const orders = component("cloud-patterns:index:Retry", "orders");
            assert.ok(storefront && orders, `components missing: ${underMocks.map(typeAndName).join(", ")}`);
            const childrenOf = (name: string) => underMocks.filter((x) => x.parent?.endsWith(`::${name}`)).map((x) => x.type);
            assert.ok(childrenOf("storefront").includes("aws:lambda/function:Function"), "storefront has no function");
            assert.ok(childrenOf("storefront").includes("aws:apigatewayv2/api:Api"), "storefront has no HTTP API");
            assert.ok(
                childrenOf("orders").filter((t) => t === "aws:sqs/queue:Queue").length >= 2,
                "orders has no queue and dead-letter queue",
            );
            assert.ok(childrenOf("orders").includes("aws:lambda/function:Function"), "orders has no worker function");
            assert.equal(report.mergeBundled, true, "the aggregator bundle does not hold the user's merge module");
        });

        it("plans the same resources with npx cloud-patterns plan from the program's own Pulumi.yaml and stack file", () => {
            const r = run("npx", ["--no", "cloud-patterns", "plan", "--cloud", "aws", "--json"], app);
            assert.equal(r.code, 0, r.stderr);
            const [dev, ...others] = JSON.parse(r.stdout) as { stack: string; clouds: { cloud: string; resources: Registered[] }[] }[];
            assert.equal(others.length, 0);
            assert.equal(dev.stack, "dev");
            assert.deepEqual(
                dev.clouds.map((c) => c.cloud),
                ["aws"],
            );
            assert.deepEqual(dev.clouds[0].resources.map(typeAndName).sort(), underMocks.map(typeAndName).sort());
        });
    });

    it("refuses a wrong arg type: tsc names it at compile time, the component at run time", () => {
        const compiled = run(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.wrong.json"], app);
        assert.notEqual(compiled.code, 0);
        assert.match(compiled.stdout, /wrong-arg-type\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
        const ran = run("npx", ["--no", "cloud-patterns", "plan", "--cloud", "aws", "--program", "wrong-arg-type.ts"], app);
        assert.equal(ran.code, 1);
        assert.match(ran.stderr, /Retry 'bad': maxAttempts must be an integer .*got "three"/);
    });
});
