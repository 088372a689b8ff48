/** `npm run bundle` (scripts/bundle-all.ts): finds each pattern's functions.ts and writes every package. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleAll, BuiltFunction, findFunctionModules } from "../../scripts/bundle-all";
import { Cloud } from "../../components/cloud";
import { installAzureCoreStandIn } from "../../plan/dev/azure-core-stand-in";
import { FIXTURES, loadFailures } from "./support";

const ROOT = path.resolve(__dirname, "../..");
const KIB = 1024;
/** Issue 17: every deployed function ≤ 500 KiB, an HTTP one ≤ 150 KiB (as the gateway's are). */
const GOAL_KIB = 500;
const HTTP_GOAL_KIB = 150;
const goalKib = (b: BuiltFunction): number => (b.trigger.kind === "http" ? HTTP_GOAL_KIB : GOAL_KIB);

/**
 * HTTP packages over 150 KiB, each with the ceiling it must stay under and what it is made of
 * (measured with esbuild's metafile; the libraries are the ones the project prefers, so they stay).
 * No AWS package is listed: their HTTP functions call Secrets Manager, SQS and DynamoDB over the
 * JSON protocol (handlers/stores/clients/aws-json.ts: SigV4 9 KiB, cockatiel 5 KiB) instead of an
 * SDK v3 client, which was 165–191 KiB on its own.
 * No Azure package is listed since `@azure/functions` is built from its TypeScript sources (31 KiB
 * instead of its 65 KiB webpack bundle) and pg's native client, pgpass and is-unsafe are left out
 * (components/platform/bundle.ts): the Anti-Corruption Layer 133 KiB, the PostgreSQL command 142 KiB
 * and the PostgreSQL shard router 141 KiB.
 */
const OVER_HTTP_GOAL: Record<string, { ceilingKib: number }> = {};

describe("runtimes/bundle-all", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-all-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("writes each function to dist/functions/<cloud>/<function>/ for the clouds its trigger runs on; skips patterns without functions.ts", () => {
        const components = path.join(tmp, "components");
        fs.mkdirSync(path.join(components, "retry"), { recursive: true });
        fs.mkdirSync(path.join(components, "sharding"), { recursive: true });
        const handlers = JSON.stringify(path.join(FIXTURES, "handlers.ts"));
        fs.writeFileSync(
            path.join(components, "retry", "functions.ts"),
            `export const functions = {
                "retry-api": { entry: ${handlers}, exportName: "inspect", trigger: { kind: "http" } },
                "retry-worker": { entry: ${handlers}, exportName: "rejectNegativeAmounts", trigger: { kind: "sqs" } },
            };\n`,
        );
        const out = path.join(tmp, "dist", "functions");
        fs.mkdirSync(path.join(out, "aws", "retry-api"), { recursive: true });
        fs.writeFileSync(path.join(out, "aws", "retry-api", "stale.js"), "left from an older build");

        const built = bundleAll(components, out);

        assert.deepEqual(
            built.map((b) => `${b.cloud}/${b.name}`),
            ["aws/retry-api", "azure/retry-api", "gcp/retry-api", "aws/retry-worker"],
        );
        assert.deepEqual(fs.readdirSync(path.join(out, "aws", "retry-api")), ["index.js"]);
        assert.deepEqual(fs.readdirSync(path.join(out, "azure", "retry-api")).sort(), ["host.json", "index.js", "package.json"]);
        assert.deepEqual(fs.readdirSync(path.join(out, "gcp", "retry-api")).sort(), ["index.js", "package.json"]);
        assert.ok(built.every((b) => b.pattern === "retry" && b.bytes > 0 && /^[0-9a-f]{64}$/.test(b.hash)));
    });

    it("names the file of a pattern whose functions.ts does not export functions", () => {
        const components = path.join(tmp, "broken-components");
        fs.mkdirSync(path.join(components, "cqrs"), { recursive: true });
        fs.writeFileSync(path.join(components, "cqrs", "functions.ts"), `export const handlers = {};\n`);
        assert.throws(
            () => bundleAll(components, path.join(tmp, "out2")),
            /cqrs[/\\]functions\.ts: pattern 'cqrs' must export 'functions: PatternFunctions'/,
        );
    });

    it("builds only the listed clouds for a function given per cloud", () => {
        const components = path.join(tmp, "per-cloud-components");
        fs.mkdirSync(path.join(components, "retry"), { recursive: true });
        const handlers = JSON.stringify(path.join(FIXTURES, "handlers.ts"));
        fs.writeFileSync(
            path.join(components, "retry", "functions.ts"),
            `export const functions = {
                "retry-enqueue": {
                    aws: { entry: ${handlers}, exportName: "inspect", trigger: { kind: "http" } },
                    gcp: { entry: ${handlers}, exportName: "image", trigger: { kind: "http" } },
                },
            };\n`,
        );
        const built = bundleAll(components, path.join(tmp, "per-cloud-out"));
        assert.deepEqual(
            built.map((b) => `${b.cloud}/${b.name}`),
            ["aws/retry-enqueue", "gcp/retry-enqueue"],
        );
        assert.notEqual(built[0].hash, built[1].hash);
    });

    describe("the functions.ts files the repository has today", function () {
        // Real builds of every pattern's functions, SDK clients included: seconds each on a busy machine.
        this.timeout(600_000);
        let built: ReturnType<typeof bundleAll>;
        before(() => (built = bundleAll(path.join(ROOT, "components"), path.join(tmp, "repo"))));

        it("builds every pattern that has one", () => {
            for (const { pattern } of findFunctionModules(path.join(ROOT, "components"))) {
                assert.ok(
                    built.some((b) => b.pattern === pattern),
                    `pattern ${pattern} built nothing`,
                );
            }
        });

        it("bundles every function from its pattern's entries folder: handlers/<pattern>/entries/<target>-<role>.ts", () => {
            const entries = built.map((b) => ({ pattern: b.pattern, entry: path.relative(ROOT, b.entry).split(path.sep).join("/") }));
            const outside = entries.filter(
                ({ pattern, entry }) => !new RegExp(`^handlers/${pattern}/entries/[a-z0-9]+(-[a-z0-9]+)*\\.ts$`).test(entry),
            );
            assert.deepEqual(outside, []);
        });

        it("keeps every package within issue 17's goal on every cloud: ≤ 500 KiB, and ≤ 150 KiB for an HTTP function", () => {
            const over = built
                .filter((b) => b.bytes > goalKib(b) * KIB && b.bytes > (OVER_HTTP_GOAL[`${b.cloud}/${b.name}`]?.ceilingKib ?? 0) * KIB)
                .map((b) => `${b.cloud}/${b.name} (${b.trigger.kind}): ${(b.bytes / KIB).toFixed(1)} KiB`);
            assert.deepEqual(over, []);
        });

        it("lists in OVER_HTTP_GOAL only HTTP packages that are still over 150 KiB, so the list shrinks as they are cut", () => {
            const overNow = built
                .filter((b) => b.trigger.kind === "http" && b.bytes > HTTP_GOAL_KIB * KIB)
                .map((b) => `${b.cloud}/${b.name}`);
            assert.deepEqual(Object.keys(OVER_HTTP_GOAL).sort(), overNow.sort());
        });

        it("loads every built function in a fresh Node process (a package that reads its own files at runtime cannot be bundled)", () => {
            for (const b of built) if (b.cloud === Cloud.Azure) installAzureCoreStandIn(b.dir);
            const failures = loadFailures(built.map((b) => b.dir));
            const named = Object.entries(failures).map(([dir, error]) => `${path.relative(path.join(tmp, "repo"), dir)}: ${error}`);
            assert.deepEqual(named, []);
        });
    });
});
