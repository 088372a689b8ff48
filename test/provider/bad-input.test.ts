import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { evaluate } from "../../plan/mock-cloud";
import { CLOUD_CONFIG, PROVIDER_ARGS } from "./fixtures";
import { loadSchema, provider } from "./schema-fixture";

/** construct() of `component` with `inputs`; the error it refuses them with, and what was registered meanwhile. */
async function refusal(
    component: string,
    inputs: Record<string, unknown>,
): Promise<{ error: pulumi.InputPropertiesError; registered: number }> {
    let error: unknown;
    const { resources } = await evaluate(
        async () => {
            await provider.construct("bad", `cloud-patterns:index:${component}`, inputs, {}).then(
                () => assert.fail(`${component} accepted ${JSON.stringify(inputs)}`),
                (e: unknown) => (error = e),
            );
        },
        { config: CLOUD_CONFIG.aws },
    );
    assert.ok(
        pulumi.InputPropertiesError.isInstance(error),
        `an InputPropertiesError (the engine prints its property errors), got: ${String(error)}`,
    );
    return { error, registered: resources.length };
}

describe("construct() with a missing required input", () => {
    before(async () => {
        await loadSchema();
    });

    it("names each missing top-level input, with what it is, and registers nothing", async () => {
        const { error, registered } = await refusal("AntiCorruptionLayer", { tags: { team: "orders" } });
        assert.deepEqual(
            error.errors.map((e) => e.propertyPath),
            ["legacy", "operations"],
        );
        assert.equal(error.message, "AntiCorruptionLayer 'bad': missing required inputs legacy, operations");
        assert.match(error.errors[1].reason, /^operations is required: REST route/);
        assert.equal(registered, 0);
    });

    it("names a missing field of a nested type, of a list item and of a map value by its path", async () => {
        const gateway = await refusal("GatewayAggregation", {
            backends: [{ name: "users", url: "https://users.example.com" }, { name: "orders" }],
        });
        assert.deepEqual(
            gateway.error.errors.map((e) => e.propertyPath),
            ["backends[1].url"],
        );
        const acl = PROVIDER_ARGS.AntiCorruptionLayer as { legacy: object; operations: object };
        const { error } = await refusal("AntiCorruptionLayer", {
            legacy: { endpoint: "https://erp.internal/OrderService.asmx" },
            operations: { ...acl.operations, "POST /orders": { body: true } },
        });
        assert.deepEqual(
            error.errors.map((e) => e.propertyPath),
            ["legacy.namespace", 'operations["POST /orders"].operation'],
        );
    });

    it("answers with the message alone: no stack frame in what the engine is sent", async () => {
        const { error } = await refusal("GatewayAggregation", {});
        // The provider server sends InputPropertiesError as INVALID_ARGUMENT with `message` and the property errors.
        for (const text of [error.message, ...error.errors.map((e) => e.reason)]) assert.doesNotMatch(text, /\n\s+at /);
        assert.deepEqual(
            error.errors.map((e) => e.propertyPath),
            ["backends"],
        );
    });

    it("leaves the component's own run-time checks (and messages) to it once every required input is there", async () => {
        let error: unknown;
        await evaluate(
            async () => {
                await provider
                    .construct(
                        "bad",
                        "cloud-patterns:index:GatewayAggregation",
                        { backends: [{ name: "users", url: "https://users.example.com" }], timeoutMs: 40000 },
                        {},
                    )
                    .catch((e: unknown) => (error = e));
            },
            { config: CLOUD_CONFIG.aws },
        );
        assert.match(String(error), /timeoutMs/);
        assert.ok(!pulumi.InputPropertiesError.isInstance(error));
    });
});
