/**
 * Every registered pattern with every arg variant of test/fixtures/plan/variants.ts, named with 40
 * characters and hyphens, in a GCP project whose id is 30 characters (the longest Google allows),
 * evaluated under the project's Pulumi mocks; and the check of each recorded name against its
 * cloud's table of rules (components/platform/name-rules-<cloud>.ts).
 */
import { PATTERNS } from "../../components/patterns";
import { nameViolation, NameRuleTable, physicalNameOf } from "../../components/platform/name-rules";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";
import type { CloudName } from "../../plan/types";
import { ARG_VARIANTS } from "../fixtures/plan/variants";

/** 30 characters: project ids are 6 to 30 (https://cloud.google.com/resource-manager/docs/creating-managing-projects). */
export const LONG_PROJECT_ID = "cloud-patterns-long-project-id";
export const NAME_LENGTH = 40;
const REGION = "europe-west1";

/** A component name of exactly 40 characters with hyphens, unique per variant (the variant's name leads). */
export function longComponentName(variant: string): string {
    const name = `${variant}-orders-payments-europe-west-production-ledger`.slice(0, NAME_LENGTH);
    return name.endsWith("-") ? `${name.slice(0, -1)}x` : name;
}

/** Every variant that applies to `cloud`, each as a component with a 40-character name, in one evaluation. */
export async function evaluateLongNames(cloud: CloudName): Promise<RecordedResource[]> {
    const { resources } = await evaluate(
        () => {
            for (const v of ARG_VARIANTS.filter((x) => !x.clouds || x.clouds.includes(cloud))) {
                PATTERNS.find((p) => p.className === v.pattern)!.create(longComponentName(v.name), v.args);
            }
        },
        {
            config: {
                "cloud-patterns:cloud": cloud,
                "gcp:project": LONG_PROJECT_ID,
                "gcp:region": REGION,
                "azure-native:location": "westeurope",
                "aws:region": "us-east-1",
            },
            calls: {
                "gcp:organizations/getClientConfig:getClientConfig": { project: LONG_PROJECT_ID, region: REGION, zone: `${REGION}-b` },
                "gcp:organizations/getProject:getProject": { number: "123456789", projectId: LONG_PROJECT_ID, name: LONG_PROJECT_ID },
            },
        },
    );
    return resources;
}

/** `type name: why` for every name outside its rule, and every type the table has no rule for. */
export function nameViolations(resources: readonly RecordedResource[], table: NameRuleTable): string[] {
    return resources
        .filter((r) => r.custom)
        .flatMap((r) => {
            const rules = table[r.type];
            if (rules === undefined) return [`${r.type} ${r.name}: no name rule for this type`];
            if (typeof rules === "string") return [];
            return rules.flatMap((rule) => {
                const why = nameViolation(physicalNameOf(r.name, r.inputs, rule), rule);
                return why ? [`${r.type} ${r.name}: ${why} (${rule.source})`] : [];
            });
        });
}
