/**
 * Who may call each pattern, on each cloud, under Pulumi mocks: the default of every pattern (the
 * ones that write are authenticated, Gateway Aggregation is public), the `auth` arg reaching the
 * front door, the `apiKey` secret output, and the errors a pattern raises for a bad `auth`.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { XMLParser } from "fast-xml-parser";
import { AntiCorruptionLayer } from "../../components/anti-corruption-layer";
import { Cloud } from "../../components/cloud";
import { EventSourcing } from "../../components/event-sourcing";
import { GatewayAggregation } from "../../components/gateway-aggregation";
import type { FrontDoorAuthArgs } from "../../components/platform/front-door-auth";
import { Retry } from "../../components/retry";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { aclArgs } from "../anti-corruption-layer/component-fixture";
import { ofType, only } from "../support/resources";

const CONFIG = {
    "aws:region": "us-east-1",
    "gcp:region": "us-central1",
    "gcp:project": "mock-project",
    "azure-native:location": "westeurope",
};
const ISSUER = "https://idp.example.com/";

type Pattern = "AntiCorruptionLayer" | "EventSourcing" | "GatewayAggregation" | "Retry";

function build(pattern: Pattern, name: string, cloud: Cloud, auth?: FrontDoorAuthArgs): { apiKey: pulumi.Output<string> } {
    const withAuth = auth === undefined ? {} : { auth };
    switch (pattern) {
        case "AntiCorruptionLayer":
            return new AntiCorruptionLayer(name, { ...aclArgs(), ...withAuth, cloud });
        case "EventSourcing":
            return new EventSourcing(name, { ...withAuth, cloud });
        case "GatewayAggregation":
            return new GatewayAggregation(name, {
                backends: [{ name: "users", url: "https://users.example.com/users/{id}" }],
                ...withAuth,
                cloud,
            });
        case "Retry":
            return new Retry(name, { targetUrl: "https://payments.example.com/charge", ...withAuth, cloud });
    }
}

async function deploy(pattern: Pattern, cloud: Cloud, auth?: FrontDoorAuthArgs) {
    const { resources, result } = await evaluate(
        async () => {
            const component = build(pattern, "orders", cloud, auth);
            return { apiKey: await valueOf(component.apiKey), secret: await pulumi.isSecret(component.apiKey) };
        },
        { config: CONFIG },
    );
    return { resources, ...result };
}

const routeTypes = (resources: RecordedResource[]) =>
    ofType(resources, "aws:apigatewayv2/route:Route").map((r) => r.inputs.authorizationType);

function openApi(resources: RecordedResource[]) {
    const [document] = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs.openapiDocuments;
    return JSON.parse(Buffer.from(document.document.contents, "base64").toString("utf8"));
}

describe("front door auth: each pattern's default", () => {
    for (const pattern of ["AntiCorruptionLayer", "EventSourcing"] as const) {
        describe(`${pattern} (writes, so authenticated)`, () => {
            it("aws: iam on every route, no key to hand out", async () => {
                const { resources, apiKey, secret } = await deploy(pattern, Cloud.Aws);
                const types = routeTypes(resources);
                assert.ok(types.length >= 1);
                assert.deepEqual(
                    types,
                    types.map(() => "AWS_IAM"),
                );
                assert.equal(ofType(resources, "aws:apigatewayv2/authorizer:Authorizer").length, 0);
                assert.deepEqual({ apiKey, secret }, { apiKey: "", secret: true });
            });

            it("azure: apiKey, a subscription key required, the key a secret output", async () => {
                const { resources, apiKey, secret } = await deploy(pattern, Cloud.Azure);
                assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, true);
                assert.equal(only(resources, "azure-native:apimanagement:Subscription").inputs.scope, "/apis/functions");
                assert.deepEqual({ apiKey, secret }, { apiKey: "mock-subscription-key-callers", secret: true });
            });

            it("gcp: apiKey, the document's security section, a key restricted to the API as a secret output", async () => {
                const { resources, apiKey, secret } = await deploy(pattern, Cloud.Gcp);
                assert.deepEqual(openApi(resources).security, [{ api_key: [] }]);
                const key = only(resources, "gcp:projects/apiKey:ApiKey");
                assert.deepEqual({ apiKey, secret }, { apiKey: `mock-api-key-${key.name}`, secret: true });
            });
        });
    }

    describe("GatewayAggregation (read only, so public)", () => {
        it("aws: routes without an authorizer", async () => {
            const { resources, apiKey } = await deploy("GatewayAggregation", Cloud.Aws);
            assert.deepEqual(routeTypes(resources), [undefined]);
            assert.equal(apiKey, "");
        });

        it("azure: no subscription key", async () => {
            const { resources, apiKey } = await deploy("GatewayAggregation", Cloud.Azure);
            assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, false);
            assert.equal(ofType(resources, "azure-native:apimanagement:Subscription").length, 0);
            assert.equal(apiKey, "");
        });

        it("gcp: no security section", async () => {
            const { resources, apiKey } = await deploy("GatewayAggregation", Cloud.Gcp);
            assert.equal(openApi(resources).security, undefined);
            assert.equal(ofType(resources, "gcp:projects/apiKey:ApiKey").length, 0);
            assert.equal(apiKey, "");
        });
    });

    describe("Retry (its enqueue is the function's own endpoint)", () => {
        it("aws: the function URL takes AWS_IAM; no key", async () => {
            const { resources, apiKey } = await deploy("Retry", Cloud.Aws);
            assert.equal(only(resources, "aws:lambda/functionUrl:FunctionUrl").inputs.authorizationType, "AWS_IAM");
            assert.equal(apiKey, "");
        });

        it("azure: the enqueue function's key is the apiKey output, a secret", async () => {
            const { apiKey, secret } = await deploy("Retry", Cloud.Azure);
            assert.deepEqual({ apiKey, secret }, { apiKey: "mock-function-key", secret: true });
        });

        it("gcp: Cloud Run IAM, no public invoker, no key", async () => {
            const { resources, apiKey } = await deploy("Retry", Cloud.Gcp);
            assert.equal(resources.filter((r) => JSON.stringify(r.inputs).includes("allUsers")).length, 0);
            assert.equal(apiKey, "");
        });
    });
});

describe("front door auth: the arg reaches each pattern's front door", () => {
    it("AntiCorruptionLayer on aws with jwt: a JWT authorizer on every route", async () => {
        const { resources } = await deploy("AntiCorruptionLayer", Cloud.Aws, { mode: "jwt", issuer: ISSUER, audience: "orders" });
        assert.deepEqual(only(resources, "aws:apigatewayv2/authorizer:Authorizer").inputs.jwtConfiguration, {
            issuer: ISSUER,
            audiences: ["orders"],
        });
        assert.deepEqual(routeTypes(resources), ["JWT", "JWT"]);
    });

    it("EventSourcing on azure with jwt: validate-jwt, no subscription key", async () => {
        const { resources, apiKey } = await deploy("EventSourcing", Cloud.Azure, { mode: "jwt", issuer: ISSUER, audience: "ledger" });
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(
            only(resources, "azure-native:apimanagement:ApiPolicy").inputs.value,
        );
        assert.deepEqual(xml.policies.inbound["validate-jwt"]["openid-config"], {
            url: "https://idp.example.com/.well-known/openid-configuration",
        });
        assert.equal(xml.policies.inbound["validate-jwt"].audiences.audience, "ledger");
        assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, false);
        assert.equal(apiKey, "");
    });

    it("EventSourcing on aws with none: public routes, when asked for", async () => {
        const { resources } = await deploy("EventSourcing", Cloud.Aws, { mode: "none" });
        assert.ok(routeTypes(resources).every((t) => t === undefined));
    });

    it("GatewayAggregation on gcp with apiKey: the key is created and output", async () => {
        const { resources, apiKey } = await deploy("GatewayAggregation", Cloud.Gcp, { mode: "apiKey" });
        assert.equal(apiKey, `mock-api-key-${only(resources, "gcp:projects/apiKey:ApiKey").name}`);
    });
});

describe("front door auth: a bad auth fails the pattern before anything is created", () => {
    it("AntiCorruptionLayer: apiKey on aws, naming the modes AWS enforces and why", async () => {
        await assert.rejects(
            deploy("AntiCorruptionLayer", Cloud.Aws, { mode: "apiKey" }),
            /AntiCorruptionLayer 'orders': auth.mode must be one of none, iam, jwt on aws, got "apiKey" \(API Gateway HTTP APIs have no API keys/,
        );
    });

    it("EventSourcing: an issuer that is not https; GatewayAggregation: an unknown mode", async () => {
        await assert.rejects(
            deploy("EventSourcing", Cloud.Gcp, { mode: "jwt", issuer: "http://idp.example.com/", audience: "ledger" }),
            /EventSourcing 'orders': auth.issuer must be an https URL with a host and no user info, query or fragment \(the tokens' iss claim\), got "http:\/\/idp.example.com\/"/,
        );
        await assert.rejects(
            deploy("GatewayAggregation", Cloud.Azure, { mode: "public" as never }),
            /GatewayAggregation 'orders': auth.mode must be one of none, iam, jwt, apiKey, got "public"/,
        );
    });

    it("Retry: any mode but the enqueue function's own, and never none", async () => {
        await assert.rejects(
            deploy("Retry", Cloud.Aws, { mode: "jwt", issuer: ISSUER, audience: "payments" }),
            /Retry 'orders': auth.mode must be one of iam on aws, got "jwt" \(a Lambda function URL checks AWS_IAM or nothing/,
        );
        await assert.rejects(
            deploy("Retry", Cloud.Azure, { mode: "iam" }),
            /Retry 'orders': auth.mode must be one of apiKey on azure, got "iam"/,
        );
        await assert.rejects(
            deploy("Retry", Cloud.Gcp, { mode: "none" }),
            /Retry 'orders': auth.mode must be one of iam on gcp, got "none" \(a function endpoint that accepts work is never public here/,
        );
    });
});
