/** The bundler: determinism, memoization, each cloud's package layout, and errors that name the bad input. */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Cloud } from "../../components/cloud";
import { bundleFunction, hashFiles, triggerRunsOn } from "../../components/platform/bundle";
import { cacheDirectory } from "../../components/platform/bundle-cache";
import { BundleSpec, Trigger } from "../../components/platform/types";
import { FIXTURES } from "./support";

const ROOT = path.resolve(__dirname, "../..");
const http: BundleSpec = { entry: path.join(FIXTURES, "handlers.ts"), exportName: "inspect", trigger: { kind: "http" } };
const batch = (trigger: Trigger): BundleSpec => ({
    entry: path.join(FIXTURES, "handlers.ts"),
    exportName: "rejectNegativeAmounts",
    trigger,
});

describe("runtimes/bundle determinism and memoization", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-test-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("gives byte-identical files and the same hash when built again in a fresh process", () => {
        const script = `const {bundleFunction}=require("./components/platform/bundle");process.stdout.write(JSON.stringify(bundleFunction(${JSON.stringify(http)},"gcp","inspect")))`;
        const fresh = JSON.parse(
            execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" }),
        );
        const here = bundleFunction(http, Cloud.Gcp, "inspect");
        assert.deepEqual(fresh.files, here.files);
        assert.equal(fresh.hash, here.hash);
        assert.match(here.hash, /^[0-9a-f]{64}$/);
    });

    it("returns the memoized bundle while the sources are unchanged, and rebuilds when one changes", () => {
        const entry = path.join(tmp, "handler.ts");
        fs.writeFileSync(entry, `export async function h(): Promise<Response> { return new Response("one"); }\n`);
        const spec: BundleSpec = { entry, exportName: "h", trigger: { kind: "http" } };
        const before = bundleFunction(spec, Cloud.Aws, "changing");
        assert.equal(bundleFunction(spec, Cloud.Aws, "changing"), before);
        // Same length, written at once: only the content tells the versions apart.
        fs.writeFileSync(entry, `export async function h(): Promise<Response> { return new Response("two"); }\n`);
        const after = bundleFunction(spec, Cloud.Aws, "changing");
        assert.notEqual(after.hash, before.hash);
        assert.match(after.files["index.js"], /"two"/);
    });

    it("also rebuilds when a user module changes, and the hash covers every file of the package", () => {
        const user = path.join(tmp, "greeting.ts");
        fs.writeFileSync(user, `export const greeting = (n: string) => "hi " + n;\n`);
        const spec: BundleSpec = {
            entry: path.join(FIXTURES, "bundled-handlers.ts"),
            exportName: "greet",
            trigger: { kind: "http" },
            userModules: { "cloud-patterns:greeting": user },
        };
        const before = bundleFunction(spec, Cloud.Azure, "greet");
        fs.writeFileSync(user, `export const greeting = (n: string) => "yo " + n;\n`);
        const after = bundleFunction(spec, Cloud.Azure, "greet");
        assert.notEqual(after.hash, before.hash);
        assert.equal(after.hash, hashFiles(after.files));
        assert.notEqual(hashFiles({ ...after.files, "host.json": "{}" }), after.hash);
    });
});

describe("runtimes/bundle disk cache between runs", () => {
    let tmp: string;
    before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-cache-test-"))));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    // Each run is a fresh process; `esbuildFails` replaces esbuild's build with one that throws,
    // so a run that still answers took its bundle from the disk.
    const run = (spec: BundleSpec, esbuildFails: boolean): { hash?: string; error?: string } => {
        // esbuild's exports are getters, so its module record is replaced rather than assigned to.
        const patch = esbuildFails
            ? `const m=require.cache[require.resolve("esbuild")]||(require("esbuild"),require.cache[require.resolve("esbuild")]);m.exports={...m.exports,buildSync(){throw new Error("esbuild ran")}};`
            : "";
        const script = `${patch}const {bundleFunction}=require("./components/platform/bundle");try{process.stdout.write(JSON.stringify({hash:bundleFunction(${JSON.stringify(spec)},"aws","cached").hash}))}catch(e){process.stdout.write(JSON.stringify({error:e.message}))}`;
        const env = { ...process.env, CLOUD_PATTERNS_CACHE_DIR: path.join(tmp, "cache") };
        return JSON.parse(
            execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, env, encoding: "utf8" }),
        );
    };

    it("reuses a bundle built by an earlier run without running esbuild, and rebuilds once an input changed", () => {
        const entry = path.join(tmp, "handler.ts");
        fs.writeFileSync(entry, `export async function h(): Promise<Response> { return new Response("one"); }\n`);
        const spec: BundleSpec = { entry, exportName: "h", trigger: { kind: "http" } };
        const first = run(spec, false);
        assert.match(first.hash ?? "", /^[0-9a-f]{64}$/);
        assert.deepEqual(run(spec, true), first);
        fs.writeFileSync(entry, `export async function h(): Promise<Response> { return new Response("two"); }\n`);
        assert.match(run(spec, true).error ?? "", /esbuild ran/);
    });

    it("lives in node_modules/.cache when installed, in .cache/ in this repository, where CLOUD_PATTERNS_CACHE_DIR says, or nowhere with 'off'", () => {
        const installed = path.join("/app", "node_modules", "cloud-patterns");
        assert.equal(cacheDirectory({}, installed), path.join("/app", "node_modules", ".cache", "cloud-patterns", "bundles"));
        assert.equal(cacheDirectory({}, "/src/cloud-patterns"), path.join("/src/cloud-patterns", ".cache", "bundles"));
        assert.equal(cacheDirectory({ CLOUD_PATTERNS_CACHE_DIR: "/tmp/b" }, installed), "/tmp/b");
        assert.equal(cacheDirectory({ CLOUD_PATTERNS_CACHE_DIR: "off" }, installed), undefined);
    });
});

describe("runtimes/bundle package layout per cloud", () => {
    it("AWS: only index.js, CommonJS exporting handler", () => {
        const bundle = bundleFunction(http, Cloud.Aws, "inspect");
        assert.deepEqual(Object.keys(bundle.files).sort(), ["index.js"]);
        assert.match(bundle.files["index.js"], /module\.exports/);
    });

    it("Azure HTTP: index.js, host.json without extension bundle and with an empty route prefix, package.json main", () => {
        const bundle = bundleFunction(http, Cloud.Azure, "inspect");
        assert.deepEqual(Object.keys(bundle.files).sort(), ["host.json", "index.js", "package.json"]);
        const host = JSON.parse(bundle.files["host.json"]);
        assert.equal(host.version, "2.0");
        assert.equal(host.extensions.http.routePrefix, "");
        assert.equal(host.extensionBundle, undefined);
        assert.deepEqual(JSON.parse(bundle.files["package.json"]), { name: "inspect", version: "1.0.0", private: true, main: "index.js" });
        // The worker provides @azure/functions-core; the bundle must require it, not carry a copy.
        assert.match(bundle.files["index.js"], /require\("@azure\/functions-core"\)/);
    });

    it("Azure Service Bus and Cosmos DB: host.json carries extension bundle [4.*, 5.0.0)", () => {
        const sb = bundleFunction(batch({ kind: "service-bus-queue", queueName: "orders", connection: "SB" }), Cloud.Azure, "orders");
        const cosmos = bundleFunction(
            batch({
                kind: "cosmos-change-feed",
                connection: "COSMOS",
                databaseName: "db",
                containerName: "events",
                leaseContainerName: "leases",
            }),
            Cloud.Azure,
            "projector",
        );
        for (const bundle of [sb, cosmos]) {
            assert.deepEqual(JSON.parse(bundle.files["host.json"]).extensionBundle, {
                id: "Microsoft.Azure.Functions.ExtensionBundle",
                version: "[4.*, 5.0.0)",
            });
        }
    });

    it("GCP: index.js without a bundled functions-framework, package.json naming the framework to install", () => {
        const bundle = bundleFunction(http, Cloud.Gcp, "inspect");
        assert.deepEqual(Object.keys(bundle.files).sort(), ["index.js", "package.json"]);
        const pkg = JSON.parse(bundle.files["package.json"]);
        assert.equal(pkg.main, "index.js");
        assert.equal(pkg.dependencies["@google-cloud/functions-framework"], "5.0.5");
        // Strings of the framework's own code (its options reader, Express's application): the
        // bundle names the framework in its log lines, so the package name alone proves nothing.
        assert.doesNotMatch(
            bundle.files["index.js"],
            /FUNCTION_SIGNATURE_TYPE|x-powered-by|require\("@google-cloud\/functions-framework"\)/,
        );
    });

    it("knows which triggers run on which cloud", () => {
        assert.equal(triggerRunsOn(Cloud.Aws, { kind: "sqs" }), true);
        assert.equal(triggerRunsOn(Cloud.Azure, { kind: "sqs" }), false);
        assert.equal(triggerRunsOn(Cloud.Gcp, { kind: "cloud-tasks" }), true);
        assert.equal(triggerRunsOn(Cloud.Gcp, { kind: "http" }), true);
    });
});

describe("runtimes/bundle errors name the bad input", () => {
    const missing = path.join(FIXTURES, "no-such-file.ts");
    const cases: [string, () => unknown, RegExp][] = [
        [
            "a trigger the cloud lacks",
            () => bundleFunction(batch({ kind: "sqs" }), Cloud.Gcp, "f"),
            /trigger 'sqs' does not run on gcp; triggers for gcp are http, pubsub, cloud-tasks/,
        ],
        [
            "a function name the clouds reject",
            () => bundleFunction(http, Cloud.Aws, "9 lives"),
            /function name must start with a letter .* got '9 lives'/,
        ],
        [
            "an export name that is no identifier",
            () => bundleFunction({ ...http, exportName: "a-b" }, Cloud.Aws, "f"),
            /exportName must be a JavaScript identifier, got 'a-b'/,
        ],
        [
            "a relative entry",
            () => bundleFunction({ ...http, entry: "handlers.ts" }, Cloud.Aws, "f"),
            /entry must be an absolute path, got 'handlers.ts'/,
        ],
        ["a missing entry", () => bundleFunction({ ...http, entry: missing }, Cloud.Aws, "f"), /entry is not a file: '.*no-such-file.ts'/],
        [
            "a missing user module",
            () => bundleFunction({ ...http, userModules: { "cloud-patterns:x": missing } }, Cloud.Aws, "f"),
            /userModules\['cloud-patterns:x'\] is not a file/,
        ],
        [
            "an export the entry lacks",
            () => bundleFunction({ ...http, exportName: "nothing" }, Cloud.Aws, "f"),
            /bundle 'f' for aws from .*handlers.ts failed:[\s\S]*No matching export .* for import "nothing"/,
        ],
        [
            "a retry interval that is no TimeSpan",
            () =>
                bundleFunction(
                    batch({
                        kind: "service-bus-queue",
                        queueName: "q",
                        connection: "SB",
                        retry: { maxRetryCount: 3, minimumInterval: "5s", maximumInterval: "00:01:00" },
                    }),
                    Cloud.Azure,
                    "f",
                ),
            /retry.minimumInterval must be a TimeSpan 'hh:mm:ss' \(e.g. '00:00:10'\), got '5s'/,
        ],
    ];
    for (const [what, run, message] of cases) it(`rejects ${what}`, () => assert.throws(run, message));
});
