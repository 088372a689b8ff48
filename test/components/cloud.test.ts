import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../../components/cloud";
import { evaluate } from "../../plan/mock-cloud";

describe("resolveCloud", () => {
    it("takes the cloud arg over stack config", async () => {
        const { result } = await evaluate(() => resolveCloud("X", Cloud.Gcp), { config: { "cloud-patterns:cloud": "aws" } });
        assert.equal(result, Cloud.Gcp);
    });

    it("falls back to cloud-patterns:cloud", async () => {
        const { result } = await evaluate(() => resolveCloud("X", undefined), { config: { "cloud-patterns:cloud": "azure" } });
        assert.equal(result, Cloud.Azure);
    });

    it("names the key, the valid values and the command when nothing is set", async () => {
        await assert.rejects(
            evaluate(() => resolveCloud("GatewayAggregation", undefined)),
            (err: Error) => {
                assert.match(err.message, /cloud-patterns:cloud/);
                assert.match(err.message, /aws, azure, gcp/);
                assert.match(err.message, /pulumi config set cloud-patterns:cloud/);
                return true;
            },
        );
    });

    it("names the unknown value and where it came from", async () => {
        await assert.rejects(
            evaluate(() => resolveCloud("Retry", undefined), { config: { "cloud-patterns:cloud": "oracle" } }),
            /unknown cloud 'oracle' in stack config 'cloud-patterns:cloud'; valid values are aws, azure, gcp/,
        );
        await assert.rejects(
            evaluate(() => resolveCloud("Retry", "ibm")),
            /unknown cloud 'ibm' in the 'cloud' arg of Retry/,
        );
    });
});

describe("evaluate (mock cloud)", () => {
    it("records custom and component resources with their parents and inputs", async () => {
        class Queue extends pulumi.CustomResource {
            constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
                super("aws:sqs/queue:Queue", name, props, opts);
            }
        }
        class Box extends pulumi.ComponentResource {
            constructor(name: string) {
                super("test:index:Box", name, {}, {});
                new Queue(`${name}-queue`, { sqsManagedSseEnabled: true }, { parent: this });
                this.registerOutputs({});
            }
        }
        const { resources } = await evaluate(() => new Box("b"));
        assert.deepEqual(
            resources.map((r) => [r.type, r.name, r.custom]),
            [
                ["test:index:Box", "b", false],
                ["aws:sqs/queue:Queue", "b-queue", true],
            ],
        );
        assert.equal(resources[1].parent, resources[0].urn);
        assert.equal(resources[1].inputs.sqsManagedSseEnabled, true);
    });
});
