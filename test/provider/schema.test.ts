import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as components from "../../components";
import { loadSchema, Schema, typeOf } from "./schema-fixture";

const TOKEN = (name: string) => `cloud-patterns:index:${name}`;
// Every class components/index.ts exports that is a Pulumi component, found independently of the provider.
const EXPORTED = Object.entries(components)
    .filter(
        ([, value]) =>
            typeof value === "function" &&
            value.prototype instanceof (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).ComponentResource,
    )
    .map(([name]) => name)
    .sort();

describe("the component provider's schema (inferred from the Args interfaces)", () => {
    let schema: Schema;
    before(async () => {
        schema = await loadSchema();
    });

    it("lists every component components/index.ts exports, and nothing else", () => {
        assert.ok(EXPORTED.length >= 4, `components found: ${EXPORTED.join(", ")}`);
        assert.deepEqual(Object.keys(schema.resources).sort(), EXPORTED.map(TOKEN));
        for (const name of EXPORTED) assert.equal(schema.resources[TOKEN(name)].isComponent, true, name);
    });

    it("is the package: its name, its version, no dependency on a cloud SDK's schema, and no untyped property", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string };
        assert.equal(schema.name, "cloud-patterns");
        assert.equal(schema.version, manifest.version);
        assert.deepEqual(schema.dependencies ?? [], []);
        // The analysis stubs the cloud SDKs; a property typed by one of them would come out as Any.
        assert.doesNotMatch(JSON.stringify(schema), /pulumi\.json#\/Any/);
    });

    it("describes each component and its outputs from the JSDoc; every output is there on every cloud", () => {
        const outputs: Record<string, string[]> = {
            GatewayAggregation: ["apiKey", "cloud", "functionName", "url"],
            AntiCorruptionLayer: ["apiKey", "cloud", "functionName", "url"],
            Retry: ["apiKey", "cloud", "deadLetterName", "enqueueUrl", "queueName"],
            EventSourcing: ["apiKey", "cloud", "commandUrl", "eventsTopic", "eventsTopicId", "storeName"],
        };
        for (const [name, keys] of Object.entries(outputs)) {
            const resource = schema.resources[TOKEN(name)];
            assert.deepEqual(resource.required, keys, `${name} outputs`);
            assert.deepEqual(
                Object.keys(resource.properties).sort(),
                keys,
                `${name}: no aws/azure/gcp escape hatch in the cross-language schema`,
            );
            assert.match(resource.description ?? "", new RegExp(`^${name.replace(/([a-z])([A-Z])/g, "$1[ -]$2")}:`), `${name} description`);
            assert.equal(resource.properties.cloud.$ref, "#/types/cloud-patterns:index:Cloud");
        }
        assert.equal(schema.resources[TOKEN("Retry")].properties.enqueueUrl.type, "string");
        assert.match(schema.resources[TOKEN("Retry")].properties.enqueueUrl.description ?? "", /^POST a JSON body here/);
        assert.match(schema.resources[TOKEN("EventSourcing")].properties.eventsTopic.description ?? "", /"" with publish off/);
        assert.deepEqual(
            schema.types[TOKEN("Cloud")].enum?.map((m) => m.value),
            ["aws", "azure", "gcp"],
        );
    });

    it("GatewayAggregation: backends required, a list of a nested type whose url may be an output", () => {
        const r = schema.resources[TOKEN("GatewayAggregation")];
        assert.deepEqual(r.requiredInputs, ["backends"]);
        assert.equal(r.inputProperties.backends.type, "array");
        const backend = typeOf(schema, r.inputProperties.backends.items);
        assert.deepEqual(backend.required, ["name", "url"]);
        assert.equal(backend.properties?.url.plain, undefined, "url is an Input: another stack's endpoint may be passed");
        assert.equal(backend.properties?.name.plain, true, "name decides the function's settings: a plain value");
        assert.match(r.inputProperties.timeoutMs.description ?? "", /At most 29000/);
        assert.deepEqual(r.inputProperties.tags.additionalProperties, { type: "string" });
        assert.deepEqual(Object.keys(typeOf(schema, r.inputProperties.azure).properties ?? {}).sort(), [
            "location",
            "publisherEmail",
            "publisherName",
            "resourceGroupName",
        ]);
    });

    it("AntiCorruptionLayer: legacy and operations required; enums for the literal choices; the mapping rule is recursive", () => {
        const r = schema.resources[TOKEN("AntiCorruptionLayer")];
        assert.deepEqual(r.requiredInputs, ["legacy", "operations"]);
        const legacy = typeOf(schema, r.inputProperties.legacy);
        assert.deepEqual(legacy.required, ["endpoint", "namespace"]);
        assert.deepEqual(
            typeOf(schema, legacy.properties?.soapVersion).enum?.map((m) => m.value),
            ["1.1", "1.2"],
        );
        assert.deepEqual(
            typeOf(schema, legacy.properties?.authentication).enum?.map((m) => m.value),
            ["basic", "wsSecurity"],
        );
        assert.deepEqual(typeOf(schema, legacy.properties?.credentials).required, ["password", "username"]);
        assert.equal(legacy.properties?.credentials.plain, undefined, "credentials may be a secret output");
        const operation = typeOf(schema, r.inputProperties.operations.additionalProperties);
        assert.deepEqual(operation.required, ["operation"]);
        // Sorted: the analyzer lists a union's literals in the type checker's order, which another module's "none" changes.
        assert.deepEqual(
            typeOf(schema, operation.properties?.result)
                .enum?.map((m) => m.value)
                .sort(),
            ["many", "none", "one"],
        );
        const parameter = typeOf(schema, operation.properties?.parameters.additionalProperties);
        assert.deepEqual(parameter.required, ["source"]);
        const rule = typeOf(schema, typeOf(schema, r.inputProperties.mapping).properties?.fields.additionalProperties);
        assert.deepEqual(rule.required, ["type"]);
        assert.equal(rule.properties?.item.$ref, "#/types/cloud-patterns:index:FieldRuleArgs");
        assert.equal(rule.properties?.fields.additionalProperties?.$ref, "#/types/cloud-patterns:index:FieldRuleArgs");
        assert.deepEqual(
            typeOf(schema, rule.properties?.type)
                .enum?.map((m) => m.value)
                .sort(),
            ["string", "object", "integer", "decimalFromCents", "date", "enum", "list"].sort(),
        );
    });

    it("every component takes the one auth arg: a nested type whose mode is an enum of the four, issuer and audience for jwt", () => {
        for (const name of ["GatewayAggregation", "AntiCorruptionLayer", "Retry", "EventSourcing"]) {
            const auth = schema.resources[TOKEN(name)].inputProperties.auth;
            assert.equal(auth.$ref, "#/types/cloud-patterns:index:FrontDoorAuthArgs", name);
            const type = typeOf(schema, auth);
            assert.deepEqual(type.required, ["mode"], name);
            assert.deepEqual(Object.keys(type.properties ?? {}).sort(), ["audience", "issuer", "mode"], name);
            assert.deepEqual(
                typeOf(schema, type.properties?.mode).enum?.map((m) => m.value),
                ["none", "iam", "jwt", "apiKey"],
                name,
            );
        }
    });

    it("Retry: nothing required (one of workerModule and targetUrl is checked at run time); nested idempotency and breaker", () => {
        const r = schema.resources[TOKEN("Retry")];
        assert.deepEqual(r.requiredInputs, []);
        assert.equal(r.inputProperties.targetUrl.plain, undefined);
        assert.equal(r.inputProperties.workerModule.plain, true);
        assert.deepEqual(Object.keys(typeOf(schema, r.inputProperties.idempotency).properties ?? {}).sort(), [
            "enabled",
            "keyField",
            "ttlSeconds",
        ]);
        assert.equal(typeOf(schema, r.inputProperties.gcp).properties?.enqueueInvokers.items?.type, "string");
    });

    it("EventSourcing: the store is an enum; each cloud's postgres network is a nested type with its own required fields", () => {
        const r = schema.resources[TOKEN("EventSourcing")];
        assert.deepEqual(r.requiredInputs, []);
        assert.deepEqual(
            typeOf(schema, r.inputProperties.store).enum?.map((m) => m.value),
            ["native", "postgres"],
        );
        assert.deepEqual(typeOf(schema, typeOf(schema, r.inputProperties.aws).properties?.postgres).required, ["subnetIds", "vpcId"]);
        assert.deepEqual(typeOf(schema, typeOf(schema, r.inputProperties.azure).properties?.postgres).required, [
            "delegatedSubnetId",
            "functionSubnetId",
            "privateDnsZoneId",
        ]);
        assert.deepEqual(typeOf(schema, typeOf(schema, r.inputProperties.gcp).properties?.postgres).required, ["network"]);
        assert.match(r.inputProperties.retentionDays.description ?? "", /From 1 to 35/);
    });
});
