/** Backend URLs may be outputs (another stack's endpoint); SDK loading is checked for every pattern in test/components/sdk-loading.test.ts. */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { only } from "../support/resources";
import { deploy } from "./deploy";

describe("GatewayAggregation backend URLs as outputs", () => {
    it("accepts a backend URL that is an output (another stack's endpoint) and writes its value into the settings", async () => {
        const { resources } = await deploy("aws", {
            backends: [{ name: "users", url: pulumi.output("https://users-api.example.com").apply((base) => `${base}/users/{id}`) }],
        });
        const document = JSON.parse(only(resources, "aws:lambda/function:Function").inputs.environment.variables.CLOUD_PATTERNS_CONFIG);
        assert.equal(document.backends[0].url, "https://users-api.example.com/users/{id}");
    });
});
