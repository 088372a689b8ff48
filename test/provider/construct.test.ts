import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as components from "../../components";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { CLOUD_CONFIG, PROVIDER_ARGS } from "./fixtures";
import { loadSchema, provider, Schema } from "./schema-fixture";

type ComponentClass = new (name: string, args: never, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
const CLASSES = components as unknown as Record<string, ComponentClass>;

/** Every registration, as the engine would see it: what, where in the tree, with which inputs. */
function registrations(resources: readonly RecordedResource[]): string[] {
    return resources.map((r) =>
        JSON.stringify({ type: r.type, name: r.name, parent: r.parent ?? null, custom: r.custom, inputs: r.inputs }),
    );
}

describe("construct() through the component provider (Pulumi mocks)", () => {
    let schema: Schema;
    before(async () => {
        schema = await loadSchema();
    });

    for (const [component, args] of Object.entries(PROVIDER_ARGS)) {
        for (const cloud of Object.keys(CLOUD_CONFIG)) {
            it(`${component} on ${cloud}: the same children, inputs and outputs as the TypeScript constructor`, async () => {
                const token = `cloud-patterns:index:${component}`;
                const direct = await evaluate(
                    async () => {
                        const instance = new CLASSES[component](`${cloud}-x`, structuredClone(args) as never) as unknown as Record<
                            string,
                            pulumi.Output<unknown>
                        >;
                        return {
                            url: await valueOf(instance[Object.keys(schema.resources[token].properties).find((k) => k !== "cloud")!]),
                        };
                    },
                    { config: CLOUD_CONFIG[cloud] },
                );
                const viaProvider = await evaluate(
                    async () => {
                        const { urn, state } = await provider.construct(`${cloud}-x`, token, JSON.parse(JSON.stringify(args)), {});
                        const outputs = state as Record<string, pulumi.Input<unknown>>;
                        assert.deepEqual(
                            Object.keys(outputs).sort(),
                            Object.keys(schema.resources[token].properties).sort(),
                            "state carries every schema output",
                        );
                        assert.equal(outputs.cloud, cloud);
                        return {
                            urn: await valueOf(urn),
                            url: await valueOf(outputs[Object.keys(schema.resources[token].properties).find((k) => k !== "cloud")!]),
                        };
                    },
                    { config: CLOUD_CONFIG[cloud] },
                );
                assert.ok(direct.resources.filter((r) => r.custom).length >= 3, `${component} built children on ${cloud}`);
                assert.deepEqual(registrations(viaProvider.resources), registrations(direct.resources));
                assert.equal(viaProvider.result.urn, direct.resources.find((r) => r.type === token)?.urn);
                assert.equal(viaProvider.result.url, direct.result.url);
            });
        }
    }
});
