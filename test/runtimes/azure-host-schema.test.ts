/**
 * Every Azure function package of the repository (components/<pattern>/functions.ts) has a
 * host.json that SchemaStore's host.json schema accepts: the file the Functions tooling validates
 * host.json against. The schema is vendored in test/fixtures/azure/host.schema.json, taken from
 * SchemaStore/schemastore `src/schemas/json/host.json` at commit e6fa091 (2026-07-19), when it was a
 * draft-07 schema (earlier versions were draft-04), so Ajv's default draft reads it.
 *
 * Proves: each host.json the bundler writes (components/platform/bundle-packages.ts, the same call
 * bundleFunction makes) is a version 2.0 host.json with only known settings, of the types the host
 * reads. Cannot prove: that the Functions host starts with it, that the extension bundle range
 * resolves, or that the settings do what they are meant to (no Functions host here).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { Cloud } from "../../components/cloud";
import type { PatternFunctions } from "../../components/platform/bundle";
import { packageFiles } from "../../components/platform/bundle-packages";
import { triggerRunsOn } from "../../components/platform/bundle-wrapper";
import type { BundleSpec } from "../../components/platform/types";
import { findFunctionModules } from "../../scripts/bundle-all";

const SCHEMA = path.resolve(__dirname, "../fixtures/azure/host.schema.json");
const COMPONENTS = path.resolve(__dirname, "../../components");

function azureSpecs(): { name: string; spec: BundleSpec }[] {
    return findFunctionModules(COMPONENTS).flatMap(({ file }) =>
        Object.entries((require(file) as { functions: PatternFunctions }).functions).flatMap(([name, entry]) => {
            const spec = "entry" in entry ? entry : entry[Cloud.Azure];
            return spec && triggerRunsOn(Cloud.Azure, spec.trigger) ? [{ name, spec }] : [];
        }),
    );
}

describe("Azure packages: host.json against SchemaStore's host.json schema", () => {
    // The schema uses keywords (`examples`, `markdownDescription`) Ajv's strict mode does not know.
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA, "utf8")));
    const specs = azureSpecs();

    it("finds the Azure packages of every pattern, with HTTP, Service Bus and Cosmos DB triggers", () => {
        const kinds = new Set(specs.map((s) => s.spec.trigger.kind));
        assert.deepEqual([...kinds].sort(), ["cosmos-change-feed", "http", "service-bus-queue"]);
    });

    for (const { name, spec } of azureSpecs()) {
        it(`${name} (${spec.trigger.kind})`, () => {
            const host = JSON.parse(packageFiles(Cloud.Azure, spec.trigger, name)["host.json"]);
            assert.ok(validate(host), JSON.stringify(validate.errors, null, 2));
        });
    }

    it("refuses what the host would not read, so the check above is a real one", () => {
        const host = JSON.parse(packageFiles(Cloud.Azure, { kind: "http" }, "probe")["host.json"]);
        for (const broken of [
            { ...host, version: "3.0" },
            { ...host, extensions: { http: { routePrefix: 0 } } },
            { ...host, extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)", pinned: true } },
        ])
            assert.equal(validate(broken), false, JSON.stringify(broken));
    });
});
