import { join } from "node:path";
import { configFor } from "../../plan/compare";
import { evaluateInChild } from "../../plan/evaluate-stack";
import type { RecordedResource } from "../../plan/mock-cloud";
import { CLOUDS, CloudName, PricedResource } from "../../plan/types";

export const FIXTURES = join(__dirname, "..", "fixtures", "plan");
export const FIXTURE_PROGRAM = join(FIXTURES, "program.ts");
export const FIXTURE_STACKS = join(FIXTURES, "stacks");

/** The fixture program with the given patterns enabled, evaluated on every cloud (in parallel child processes). */
export async function evaluateFixture(patterns: readonly string[]): Promise<Record<CloudName, RecordedResource[]>> {
    const config = (cloud: CloudName) => ({
        "cloud-patterns:cloud": cloud,
        "gcp:project": "fixture-project",
        ...Object.fromEntries(patterns.map((p) => [`cloud-patterns:${p}`, "{}"])),
    });
    const results = await Promise.all(CLOUDS.map((cloud) => evaluateInChild(FIXTURE_PROGRAM, config(cloud), "test")));
    return { aws: results[0], azure: results[1], gcp: results[2] };
}

/**
 * The real components of some arg variants (test/fixtures/plan/variants.ts: `cloud-patterns:variants`,
 * the component names on each cloud), evaluated on every cloud in parallel child processes.
 */
export async function evaluateVariants(
    stack: string,
    variants: (cloud: CloudName) => string,
): Promise<Record<CloudName, RecordedResource[]>> {
    const program = join(FIXTURES, "variants-program.ts");
    const results = await Promise.all(
        CLOUDS.map((cloud) =>
            evaluateInChild(
                program,
                configFor({ stack, path: program, config: { "cloud-patterns:variants": variants(cloud) } }, cloud),
                stack,
            ),
        ),
    );
    return Object.fromEntries(CLOUDS.map((cloud, i) => [cloud, results[i]])) as Record<CloudName, RecordedResource[]>;
}

/** Rounds away floating-point noise, so hand-computed figures compare exactly. */
export const round = (v: number) => Number(v.toFixed(9));

/** [resource name, component name, monthly quantity, unit price, monthly cost] of every cost component. */
export function costRows(resources: readonly PricedResource[]) {
    return resources.flatMap((r) =>
        r.costComponents.map((c) => [
            r.name,
            c.name,
            round(c.monthlyQuantity),
            c.price,
            c.monthlyCost === null ? null : round(c.monthlyCost),
        ]),
    );
}
