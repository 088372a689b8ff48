/**
 * The pattern registry (components/patterns.ts) is complete and consistent: every pattern
 * component the package exports is registered, every registered one is exported, and the stack
 * program reads every registered pattern's config key.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as api from "../../components";
import { PATTERN_ENTRIES, patternEntryOfType } from "../../components/pattern-entries";
import { PATTERN_TYPE_PREFIX, PATTERNS } from "../../components/patterns";
import { PATTERN_PRICING } from "../../plan/pattern-pricings";

const ROOT = path.resolve(__dirname, "../..");

/** Keys of `cloud-patterns:` config that mean something else: a pattern's key must not take one. */
const RESERVED_KEYS = ["cloud", "workload", "legacyCredentials", "variants"];

/** The `<namespace>:<key>` config keys stacks/index.ts reads when the stack sets none (so it builds nothing and loads no SDK). */
function keysReadByStackProgram(): string[] {
    const script = `
        const pulumi = require("@pulumi/pulumi");
        const read = new Set();
        for (const method of ["get", "getObject", "getSecret", "getSecretObject", "require", "requireObject"]) {
            const original = pulumi.Config.prototype[method];
            pulumi.Config.prototype[method] = function (key, ...rest) {
                read.add(this.name + ":" + key);
                return original.call(this, key, ...rest);
            };
        }
        require("./stacks/index.ts");
        console.log(JSON.stringify([...read]));`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        encoding: "utf8",
        cwd: ROOT,
        env: { ...process.env, PULUMI_CONFIG: "{}" },
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]");
}

describe("the pattern registry (components/patterns.ts)", () => {
    it("registers every pattern component components/index.ts exports, and exports every registered one", () => {
        const exported = Object.entries(api).filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource);
        const registered = new Set<unknown>(PATTERNS.map((p) => p.component));
        const unregistered = exported.filter(([, v]) => !registered.has(v)).map(([name]) => name);
        assert.deepEqual(
            unregistered,
            [],
            "components/index.ts exports these components, but components/patterns.ts has no entry for them",
        );
        const exportedClasses = new Map<unknown, string>(exported.map(([name, v]) => [v, name]));
        const unexported = PATTERNS.filter((p) => exportedClasses.get(p.component) !== p.className).map((p) => p.className);
        assert.deepEqual(
            unexported,
            [],
            "components/patterns.ts registers these patterns, but components/index.ts does not export them under their class name",
        );
    });

    it("names each pattern by its class, with the type token cloud-patterns:index:<ClassName>", () => {
        for (const p of PATTERNS) {
            assert.equal(p.component.name, p.className, `${p.className}: the entry's className is its class's name`);
            assert.equal(p.type, `${PATTERN_TYPE_PREFIX}${p.className}`);
        }
    });

    it("gives each pattern its own config key, resource name and stack output", () => {
        for (const field of ["configKey", "name", "output"] as const) {
            const values = PATTERNS.map((p) => (field === "configKey" ? p.configKey : p.stack[field]));
            assert.deepEqual(
                values.filter((v, i) => values.indexOf(v) !== i),
                [],
                `two patterns share a ${field}`,
            );
        }
        assert.deepEqual(
            PATTERNS.filter((p) => RESERVED_KEYS.includes(p.configKey)).map((p) => p.configKey),
            [],
            `pattern config keys must not be one of ${RESERVED_KEYS.join(", ")}`,
        );
        for (const p of PATTERNS)
            assert.ok(p.stack.outputs.length > 0, `${p.className}: the stack output carries at least one of the component's outputs`);
    });

    it("agrees with components/pattern-entries.ts, the plain data the plan's parent process reads instead", () => {
        assert.deepEqual(
            PATTERNS.map((p) => ({ className: p.className, configKey: p.configKey, stack: p.stack })),
            PATTERN_ENTRIES.map((e) => ({ className: e.className, configKey: e.configKey, stack: e.stack })),
        );
        for (const p of PATTERNS) {
            assert.equal(patternEntryOfType(p.type)?.className, p.className, `${p.type}: the entry found by type`);
            assert.equal(
                p.pricing,
                PATTERN_PRICING[p.className],
                `${p.className}: the registry links the pricing file plan/pattern-pricings.ts names`,
            );
        }
        assert.equal(patternEntryOfType("cloud-patterns:index:Nothing"), undefined);
    });

    it("the pattern entries and pricing files load without @pulumi/pulumi, the registry or any component class", function () {
        this.timeout(120_000);
        const script = `
            require("./components/pattern-entries.ts");
            require("./plan/pattern-pricings.ts");
            const loaded = Object.keys(require.cache).filter((f) => f.includes("@pulumi") || /[\\/]components[\\/](patterns|[a-z-]+[\\/]index)\\.ts$/.test(f));
            console.log(JSON.stringify(loaded));`;
        const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", cwd: ROOT });
        assert.equal(run.status, 0, run.stderr);
        assert.deepEqual(JSON.parse(run.stdout.trim().split("\n").pop() ?? "null"), []);
    });

    it("the stack program reads every registered pattern's config key", function () {
        // A child process with ts-node and @pulumi/pulumi: slow on a loaded machine.
        this.timeout(300_000);
        const read = keysReadByStackProgram();
        const unread = PATTERNS.map((p) => `cloud-patterns:${p.configKey}`).filter((key) => !read.includes(key));
        assert.deepEqual(
            unread,
            [],
            "stacks/index.ts never reads these registered patterns' config keys: a stack that sets them would deploy nothing",
        );
    });
});
