/**
 * Every physical name every component registers, within its cloud's rule: each registered pattern,
 * with every arg variant of test/fixtures/plan/variants.ts, named with 40 characters and hyphens,
 * in a GCP project whose id is 30 characters (the longest Google allows), evaluated under the
 * project's Pulumi mocks. Each resource type's rule, with its vendor source, is in
 * components/platform/name-rules-<cloud>.ts; a type without one fails here too.
 */
import { strict as assert } from "node:assert";
import { NameRuleTable } from "../../components/platform/name-rules";
import { AWS_NAME_RULES } from "../../components/platform/name-rules-aws";
import { AZURE_NAME_RULES } from "../../components/platform/name-rules-azure";
import { GCP_NAME_RULES } from "../../components/platform/name-rules-gcp";
import type { RecordedResource } from "../../plan/mock-cloud";
import type { CloudName } from "../../plan/types";
import { ARG_VARIANTS } from "../fixtures/plan/variants";
import { evaluateLongNames, longComponentName, NAME_LENGTH, nameViolations } from "./long-names";

const RULES: Record<CloudName, NameRuleTable> = { aws: AWS_NAME_RULES, azure: AZURE_NAME_RULES, gcp: GCP_NAME_RULES };

describe("physical names: every component with 40-character names and a 30-character GCP project id", function () {
    this.timeout(600_000);

    it("names its components with exactly 40 characters, hyphens included, one per variant", () => {
        const names = ARG_VARIANTS.map((v) => longComponentName(v.name));
        assert.ok(
            names.every((n) => n.length === NAME_LENGTH && n.includes("-") && /[a-z0-9]$/.test(n)),
            names.join(", "),
        );
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
