/**
 * Every physical name every component registers, within its cloud's rule: each registered pattern,
 * with every arg variant of test/fixtures/plan/variants.ts, named with 40 characters and hyphens,
 * in a GCP project whose id is 30 characters (the longest Google allows), evaluated under the
 * project's Pulumi mocks. Each resource type's rule, with its vendor source, is in
 * components/platform/name-rules-<cloud>.ts; a type without one fails here too.
 */
import { strict as assert } from "node:assert";
import { PATTERNS } from "../../components/patterns";
import { nameViolation, NameRuleTable, physicalNameOf } from "../../components/platform/name-rules";
import { AWS_NAME_RULES } from "../../components/platform/name-rules-aws";
import { AZURE_NAME_RULES } from "../../components/platform/name-rules-azure";
import { GCP_NAME_RULES } from "../../components/platform/name-rules-gcp";
import { evaluate, RecordedResource } from "../../plan/mock-cloud";
import type { CloudName } from "../../plan/types";
import { ARG_VARIANTS } from "../fixtures/plan/variants";

/** 30 characters: project ids are 6 to 30 (https://cloud.google.com/resource-manager/docs/creating-managing-projects). */
export const LONG_PROJECT_ID = "cloud-patterns-long-project-id";
const NAME_LENGTH = 40;
const REGION = "europe-west1";

const RULES: Record<CloudName, NameRuleTable> = { aws: AWS_NAME_RULES, azure: AZURE_NAME_RULES, gcp: GCP_NAME_RULES };

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

describe("physical names: every component with 40-character names and a 30-character GCP project id", function () {
    this.timeout(600_000);

    it("names its components with exactly 40 characters, hyphens included, one per variant", () => {
        const names = ARG_VARIANTS.map((v) => longComponentName(v.name));
        assert.ok(names.every((n) => n.length === NAME_LENGTH && n.includes("-") && /[a-z0-9]$/.test(n)), names.join(", "));
        assert.equal(new Set(names).size, names.length);
    });

    for (const cloud of ["aws", "azure", "gcp"] as const) {
        it(`finds every physical name on ${cloud} within its rule`, async () => {
            const resources = await evaluateLongNames(cloud);
            const components = resources.filter((r) => !r.custom && r.type.startsWith("cloud-patterns:index:"));
            assert.equal(components.length, ARG_VARIANTS.filter((v) => !v.clouds || v.clouds.includes(cloud)).length);
            assert.deepEqual(nameViolations(resources, RULES[cloud]), []);
        });
    }

    it("reports a name outside its rule, with the rule's source, and a type with no rule", () => {
        const gateway: RecordedResource = {
            type: "gcp:apigateway/gateway:Gateway",
            name: "g",
            urn: "urn:g",
            custom: true,
            inputs: { gatewayId: "a".repeat(50) },
        };
        const unknown: RecordedResource = { type: "gcp:made/up:Thing", name: "t", urn: "urn:t", custom: true, inputs: {} };
        assert.deepEqual(nameViolations([gateway, unknown], GCP_NAME_RULES), [
            `gcp:apigateway/gateway:Gateway g: gatewayId "${"a".repeat(50)}" is 50 characters, allowed 1 to 49 (https://cloud.google.com/api-gateway/docs/deploying-api#gateway_id_requirements)`,
            "gcp:made/up:Thing t: no name rule for this type",
        ]);
    });
});
