/**
 * Every resource type a component creates is priced, marked free, or listed as not priced in
 * the catalog: never silently zero. Runs on the fixture program, and on the real program
 * (stacks/index.ts) with every registered pattern (components/patterns.ts) switched on, on every
 * cloud: a component picks this up as soon as it is registered and a stack file configures it. The dev stacks' args
 * leave options unexercised, so the real components are also evaluated with the arg variants of
 * test/fixtures/plan/variants.ts (a PostgreSQL store, secret stores, worker and merge modules...).
 */
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PATTERN_TYPE_PREFIX, patternOfType, PATTERNS } from "../../components/patterns";
import { CLOUD_KEY, configFor } from "../../plan/compare";
import { evaluateInChild } from "../../plan/evaluate-stack";
import type { RecordedResource } from "../../plan/mock-cloud";
import { coverageOf } from "../../plan/price";
import { readStackFile, stackFilesIn } from "../../plan/stack-file";
import { CLOUDS, CloudName } from "../../plan/types";
import { PatternPricing, playsRole, roleOf } from "../../plan/pattern-pricing";
import { patternComponentOf } from "../../plan/usage";
import { ARG_VARIANTS, PatternArgVariant } from "../fixtures/plan/variants";
import { evaluateFixture, FIXTURES } from "./fixture";

const ROOT = join(__dirname, "..", "..");
const PROGRAM = join(ROOT, "stacks", "index.ts");

function uncovered(cloud: CloudName, resources: readonly RecordedResource[]): string[] {
    return [...new Set(resources.filter((r) => r.custom && coverageOf(cloud, r.type) === undefined).map((r) => r.type))].sort();
}

describe("plan: price catalog coverage", function () {
    // Evaluations run in child processes that load a provider SDK each: slow on a loaded two-core machine.
    this.timeout(600_000);
    it("covers every resource the fixture patterns create on every cloud", async () => {
        const graphs = await evaluateFixture(["gatewayAggregation", "retry", "eventSourcing"]);
        for (const cloud of CLOUDS) {
            assert.ok(graphs[cloud].length > 20, `${cloud}: the fixture created resources`);
            assert.deepEqual(
                uncovered(cloud, graphs[cloud]),
                [],
                `${cloud}: add these types to plan/pricing/${cloud}.ts or to 'free'/'notPriced' in plan/prices/${cloud}.json`,
            );
        }
    });

    it("knows nothing is covered by accident: an unknown type is reported", () => {
        assert.equal(coverageOf("aws", "aws:made/up:Thing"), undefined);
        assert.equal(coverageOf("aws", "aws:iam/role:Role"), "free");
        assert.equal(coverageOf("gcp", "gcp:cloudfunctionsv2/function:Function"), "priced");
    });

    describe("the real components (stacks/index.ts, every registered pattern switched on)", function () {
        const keys = PATTERNS.map((p) => p.configKey);
        const stacks = stackFilesIn(join(ROOT, "stacks")).map((f) => readStackFile(f));
        /** Each pattern's args: the first stack file that configures it. */
        const args = Object.fromEntries(
            keys.flatMap((k) =>
                stacks
                    .filter((s) => s.config[`cloud-patterns:${k}`] !== undefined)
                    .slice(0, 1)
                    .map((s) => [`cloud-patterns:${k}`, s.config[`cloud-patterns:${k}`]]),
            ),
        );

        for (const key of keys) {
            it(`a stack file configures '${key}', so npm start compares it`, () => {
                assert.ok(
                    args[`cloud-patterns:${key}`] !== undefined,
                    `components/patterns.ts registers the '${key}' pattern but no stacks/Pulumi.<stack>.yaml sets 'cloud-patterns:${key}': add its args to a stack file`,
                );
            });
        }

        // With no program or no configured pattern there is nothing to evaluate: the tests above say what is missing.
        for (const cloud of existsSync(PROGRAM) && Object.keys(args).length > 0 ? CLOUDS : []) {
            it(`prices, frees or lists every resource type on ${cloud}`, async function () {
                const base = stacks.find((s) => s.config[CLOUD_KEY] === cloud) ?? stacks[0];
                const resources = await evaluateInChild(
                    PROGRAM,
                    { ...configFor({ ...base, config: { ...base.config, ...args } }, cloud) },
                    base.stack,
                );
                const patterns = new Set(resources.filter((r) => r.type.startsWith(PATTERN_TYPE_PREFIX)).map((r) => r.type));
                assert.ok(patterns.size > 0, `${cloud}: stacks/index.ts created no pattern component`);
                assert.deepEqual(
                    uncovered(cloud, resources),
                    [],
                    `${cloud}: add these types to plan/pricing/${cloud}.ts or to 'free'/'notPriced' in plan/prices/${cloud}.json`,
                );
            });
        }
    });

    describe("the real components with each arg variant (test/fixtures/plan/variants.ts)", function () {
        const program = join(FIXTURES, "variants-program.ts");
        const graphs = {} as Record<CloudName, RecordedResource[]>;
        before(async () => {
            const results = await Promise.all(
                CLOUDS.map((cloud) =>
                    evaluateInChild(program, { ...configFor({ stack: "variants", path: program, config: {} }, cloud) }, "variants"),
                ),
            );
            CLOUDS.forEach((cloud, i) => (graphs[cloud] = results[i]));
        });

        for (const cloud of CLOUDS) {
            it(`prices, frees or lists every resource type each variant creates on ${cloud}`, () => {
                const expected = ARG_VARIANTS.filter((v) => !v.clouds || v.clouds.includes(cloud));
                const resources = graphs[cloud];
                const byUrn = new Map(resources.map((r) => [r.urn, r]));
                const created = new Set(resources.filter((r) => r.type.startsWith(PATTERN_TYPE_PREFIX)).map((r) => r.name));
                assert.deepEqual(
                    expected.map((v) => v.name).filter((n) => !created.has(n)),
                    [],
                    `${cloud}: every variant created its component`,
                );
                const members = (v: PatternArgVariant) => resources.filter((r) => patternComponentOf(r, byUrn)?.name === v.name);
                const lost = expected.flatMap((v) =>
                    (v.creates?.[cloud] ?? [])
                        .filter((type) => !members(v).some((r) => r.type === type))
                        .map((type) => `${v.pattern} (variant '${v.variant}') on ${cloud}: ${type}`),
                );
                assert.deepEqual(
                    lost,
                    [],
                    `${cloud}: these variants no longer create the types they are in the table for: update test/fixtures/plan/variants.ts`,
                );
                const missing = expected.flatMap((v) =>
                    uncovered(cloud, members(v)).map((type) => `${v.pattern} (variant '${v.variant}') on ${cloud}: ${type}`),
                );
                assert.deepEqual(
                    missing,
                    [],
                    `add these types to plan/pricing/${cloud}.ts or to 'free'/'notPriced' in plan/prices/${cloud}.json`,
                );
            });
        }

        /** Every role a pricing file names: dead letters, invoked functions, stores. */
        const rolesNamed = (pricing: PatternPricing) => [
            ...(pricing.deadLetterRoles ?? []),
            ...Object.keys(pricing.invocations ?? {}),
            ...Object.keys(pricing.stores ?? {}),
        ];

        it("finds a child for every role a pattern's pricing file names, on some cloud", () => {
            const played = new Set<string>();
            for (const resources of Object.values(graphs)) {
                const byUrn = new Map(resources.map((r) => [r.urn, r]));
                for (const r of resources) {
                    const component = patternComponentOf(r, byUrn);
                    const pattern = component && patternOfType(component.type);
                    if (!component || !pattern) continue;
                    const role = roleOf(r, component);
                    for (const named of rolesNamed(pattern.pricing))
                        if (playsRole(role, [named])) played.add(`${pattern.className}: '${named}'`);
                }
            }
            const unplayed = PATTERNS.flatMap((p) => rolesNamed(p.pricing).map((role) => `${p.className}: '${role}'`)).filter(
                (named) => !played.has(named),
            );
            assert.deepEqual(
                unplayed,
                [],
                "no child of these patterns is named <name>-<role> on any cloud: rename the role in the pattern's plan/patterns/ file to the child's",
            );
        });
    });
});
