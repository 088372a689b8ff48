/**
 * Who may call a Cqrs, under Pulumi mocks: its command API writes, so it is authenticated by
 * default (iam on AWS, a subscription or API key on Azure and GCP, each a secret output); the
 * query API takes the same default and opens only with `queryAuth: { mode: "none" }`.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../../components/cloud";
import { Cqrs, CqrsArgs } from "../../components/cqrs";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { ofType } from "../support/resources";
import { CATALOG, CLOUD_CONFIG } from "./component-fixture";

async function deploy(cloud: Cloud, args: Partial<CqrsArgs> = {}) {
    const { resources, result } = await evaluate(
        async () => {
            const cqrs = new Cqrs("catalog", { ...CATALOG, ...args, cloud });
            return {
                apiKey: await valueOf(cqrs.apiKey),
                queryApiKey: await valueOf(cqrs.queryApiKey),
                secret: (await pulumi.isSecret(cqrs.apiKey)) && (await pulumi.isSecret(cqrs.queryApiKey)),
            };
        },
        { config: CLOUD_CONFIG[cloud] },
    );
    return { resources, ...result };
}

/** The AWS routes' authorization types, by front door. */
function awsRouteAuth(resources: RecordedResource[]): Record<string, string[]> {
    // Each front door `<x>` names its API `<x>-api` and its routes `<x>-route-<slug>`.
    const doors = ofType(resources, "aws:apigatewayv2/api:Api").map((a) => a.name.replace(/-api$/, ""));
    const byApi: Record<string, string[]> = {};
    for (const route of ofType(resources, "aws:apigatewayv2/route:Route")) {
        const door = doors.find((d) => route.name.startsWith(`${d}-route-`)) ?? "?";
        (byApi[door] ??= []).push(String(route.inputs.authorizationType ?? "NONE"));
    }
    return byApi;
}

describe("Cqrs: who may call", () => {
    it("aws: every command and query route takes AWS_IAM by default; queryAuth none opens the query API only", async () => {
        const closed = awsRouteAuth((await deploy(Cloud.Aws)).resources);
        assert.deepEqual(Object.keys(closed).sort(), ["catalog-command-api", "catalog-query-api"]);
        for (const types of Object.values(closed)) assert.deepEqual(new Set(types), new Set(["AWS_IAM"]));
        const open = awsRouteAuth((await deploy(Cloud.Aws, { queryAuth: { mode: "none" } })).resources);
        assert.deepEqual(new Set(open["catalog-command-api"]), new Set(["AWS_IAM"]));
        assert.deepEqual(new Set(open["catalog-query-api"]), new Set(["NONE"]));
    });

    it("azure: both APIs require a subscription key; each key is a secret output", async () => {
        const { resources, apiKey, queryApiKey, secret } = await deploy(Cloud.Azure);
        const apis = ofType(resources, "azure-native:apimanagement:Api");
        assert.equal(apis.length, 2);
        assert.deepEqual(
            apis.map((a) => a.inputs.subscriptionRequired),
            [true, true],
        );
        assert.equal(ofType(resources, "azure-native:apimanagement:Subscription").length, 2);
        assert.ok(apiKey !== "" && queryApiKey !== "", "both keys handed out");
        assert.equal(secret, true);
    });

    it("gcp: both gateways' documents require an API key; with queryAuth none the query document has no security section", async () => {
        const security = (resources: RecordedResource[]) =>
            ofType(resources, "gcp:apigateway/apiConfig:ApiConfig").map((c) => ({
                name: c.name,
                security: JSON.parse(Buffer.from(c.inputs.openapiDocuments[0].document.contents, "base64").toString("utf8")).security,
            }));
        const closed = security((await deploy(Cloud.Gcp)).resources);
        assert.equal(closed.length, 2);
        for (const c of closed) assert.deepEqual(c.security, [{ api_key: [] }], c.name);
        const open = security((await deploy(Cloud.Gcp, { queryAuth: { mode: "none" } })).resources);
        assert.deepEqual(open.find((c) => c.name.includes("command"))?.security, [{ api_key: [] }]);
        assert.equal(open.find((c) => c.name.includes("query"))?.security, undefined);
    });

    it("refuses a bad queryAuth, naming the field", async () => {
        await assert.rejects(deploy(Cloud.Gcp, { queryAuth: { mode: "iam" } }), /queryAuth\.mode/);
        await assert.rejects(deploy(Cloud.Aws, { queryAuth: { mode: "jwt" } }), /queryAuth\.issuer/);
    });
});
