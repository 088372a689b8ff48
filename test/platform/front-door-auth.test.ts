/**
 * Who may call a front door: the neutral `auth` arg checked once (front-door-auth.ts), and what
 * each cloud's HTTP hosting makes of every mode, resource by resource, under Pulumi mocks.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { XMLParser } from "fast-xml-parser";
import { Cloud } from "../../components/cloud";
import {
    AUTHENTICATED_GATEWAY_DEFAULT,
    FrontDoorAuth,
    FrontDoorAuthArgs,
    openIdConfigurationUrl,
    PUBLIC,
    resolveFrontDoorAuth,
} from "../../components/platform/front-door-auth";
import { createAwsFunction } from "../../components/platform/function-aws";
import { createAzureFunctionApp } from "../../components/platform/function-azure";
import { createGcpFunction } from "../../components/platform/function-gcp";
import { createAwsHttpApi } from "../../components/platform/http-aws";
import { createApimFront } from "../../components/platform/http-azure";
import { createGcpApiGateway } from "../../components/platform/http-gcp";
import { ArgsValidator } from "../../components/platform/validate";
import { evaluate, RecordedResource, valueOf } from "../../plan/mock-cloud";
import { ofType, only } from "../support/resources";
import { APIM_SERVICE, childrenOf, functionArgs, Host } from "./fixture";

const TAGS = { "managed-by": "cloud-patterns", pattern: "anti-corruption-layer" };
const ROUTES = ["GET /orders/{id}", "POST /orders"];
const ISSUER = "https://login.example.com/tenant-1/v2.0";
const JWT: FrontDoorAuth = { mode: "jwt", issuer: ISSUER, audience: "api://orders" };
const IAM: FrontDoorAuth = { mode: "iam" };
const API_KEY: FrontDoorAuth = { mode: "apiKey" };

const resolve = (cloud: Cloud, value: unknown, fallback: FrontDoorAuth = PUBLIC) =>
    resolveFrontDoorAuth(ArgsValidator.forComponent("AntiCorruptionLayer", "orders"), cloud, value as FrontDoorAuthArgs, fallback);

describe("front door auth: the neutral arg", () => {
    it("is the fallback when absent, and each mode the cloud enforces otherwise", () => {
        assert.deepEqual(resolve(Cloud.Aws, undefined, IAM), IAM);
        assert.deepEqual(resolve(Cloud.Aws, { mode: "none" }, IAM), PUBLIC);
        assert.deepEqual(resolve(Cloud.Aws, { mode: "iam" }), IAM);
        assert.deepEqual(resolve(Cloud.Azure, { mode: "apiKey" }), API_KEY);
        assert.deepEqual(resolve(Cloud.Gcp, { mode: "jwt", issuer: ISSUER, audience: "api://orders" }), JWT);
    });

    it("defaults a front door that writes to what a caller can use right after pulumi up: iam on AWS, apiKey on Azure and GCP", () => {
        assert.deepEqual(AUTHENTICATED_GATEWAY_DEFAULT, { aws: IAM, azure: API_KEY, gcp: API_KEY });
    });

    it("refuses an unknown mode, naming the four", () => {
        assert.throws(
            () => resolve(Cloud.Aws, { mode: "oauth" }),
            /^Error: AntiCorruptionLayer 'orders': auth.mode must be one of none, iam, jwt, apiKey, got "oauth"$/,
        );
        assert.throws(
            () => resolve(Cloud.Aws, "iam"),
            /AntiCorruptionLayer 'orders': auth must be an object \{ mode: none \| iam \| jwt \| apiKey, issuer\?, audience\? \}, got "iam"/,
        );
    });

    it("refuses a mode the cloud cannot enforce, saying why and what to use instead", () => {
        assert.throws(
            () => resolve(Cloud.Aws, { mode: "apiKey" }),
            /auth.mode must be one of none, iam, jwt on aws, got "apiKey" \(API Gateway HTTP APIs have no API keys, only REST APIs do \(https:\/\/docs.aws.amazon.com\/apigateway\/latest\/developerguide\/http-api-vs-rest.html\); use iam \(SigV4-signed calls\) or jwt\)/,
        );
        assert.throws(
            () => resolve(Cloud.Azure, { mode: "iam" }),
            /auth.mode must be one of none, jwt, apiKey on azure, got "iam" \(API Management has no check of Azure RBAC.*jwt with issuer https:\/\/login.microsoftonline.com\/<tenant>\/v2.0.*or use apiKey\)/,
        );
        assert.throws(
            () => resolve(Cloud.Gcp, { mode: "iam" }),
            /auth.mode must be one of none, jwt, apiKey on gcp, got "iam" \(API Gateway checks a Google ID token's signature and audience, not the caller's IAM roles/,
        );
    });

    it("requires a jwt's issuer (an https URL with a host, no user info, query or fragment) and audience", () => {
        assert.throws(
            () => resolve(Cloud.Aws, { mode: "jwt", audience: "a" }),
            /AntiCorruptionLayer 'orders': auth.issuer must be the token issuer's https URL \(the tokens' iss claim\) with mode jwt, got undefined/,
        );
        for (const issuer of [
            "http://login.example.com/",
            "login.example.com",
            "https://login.example.com/?tenant=1",
            "https://u:p@login.example.com/",
            "https://login.example.com/#x",
        ]) {
            assert.throws(
                () => resolve(Cloud.Azure, { mode: "jwt", issuer, audience: "a" }),
                new RegExp(
                    `auth.issuer must be an https URL with a host and no user info, query or fragment \\(the tokens' iss claim\\), got "${issuer.replace(/[.?/]/g, "\\$&")}"`,
                ),
                issuer,
            );
        }
        assert.throws(
            () => resolve(Cloud.Gcp, { mode: "jwt", issuer: ISSUER, audience: "" }),
            /auth.audience must be the audience the tokens' aud claim holds, with mode jwt, got ""/,
        );
    });

    it("refuses an issuer or audience given with another mode, rather than ignore it", () => {
        assert.throws(
            () => resolve(Cloud.Aws, { mode: "iam", issuer: ISSUER }),
            /AntiCorruptionLayer 'orders': auth.issuer and auth.audience are for mode jwt only, got mode "iam"/,
        );
    });

    it("finds the issuer's OpenID configuration as OpenID Connect Discovery §4 says, with or without a trailing slash", () => {
        assert.equal(openIdConfigurationUrl("https://idp.example.com/"), "https://idp.example.com/.well-known/openid-configuration");
        assert.equal(openIdConfigurationUrl(ISSUER), `${ISSUER}/.well-known/openid-configuration`);
    });
});

function deployAws(auth: FrontDoorAuth) {
    return evaluate(() => {
        const host = new Host("acl");
        const fn = createAwsFunction("acl-fn", functionArgs(), { parent: host });
        const front = createAwsHttpApi(
            "acl-http",
            { routes: ROUTES, fn: fn.function, timeoutMs: 5000, throttle: { burstLimit: 50, rateLimit: 100 }, tags: TAGS, auth },
            { parent: host },
        );
        return { front };
    });
}

const routeAuth = (resources: RecordedResource[]) =>
    ofType(resources, "aws:apigatewayv2/route:Route")
        .map((r) => ({ routeKey: r.inputs.routeKey, authorizationType: r.inputs.authorizationType, authorizerId: r.inputs.authorizerId }))
        .sort((a, b) => (a.routeKey < b.routeKey ? -1 : 1));

describe("front door auth on AWS (API Gateway HTTP API)", () => {
    it("none: no authorizer, routes left at API Gateway's NONE", async () => {
        const { resources } = await deployAws(PUBLIC);
        assert.equal(ofType(resources, "aws:apigatewayv2/authorizer:Authorizer").length, 0);
        assert.deepEqual(routeAuth(resources), [
            { routeKey: "GET /orders/{id}", authorizationType: undefined, authorizerId: undefined },
            { routeKey: "POST /orders", authorizationType: undefined, authorizerId: undefined },
        ]);
    });

    it("iam: every route AWS_IAM (SigV4), and no authorizer", async () => {
        const { resources } = await deployAws(IAM);
        assert.equal(ofType(resources, "aws:apigatewayv2/authorizer:Authorizer").length, 0);
        assert.deepEqual(routeAuth(resources), [
            { routeKey: "GET /orders/{id}", authorizationType: "AWS_IAM", authorizerId: undefined },
            { routeKey: "POST /orders", authorizationType: "AWS_IAM", authorizerId: undefined },
        ]);
    });

    it("jwt: one JWT authorizer on the API (issuer, audience, the Authorization header), used by every route", async () => {
        const { resources, result } = await deployAws(JWT);
        assert.deepEqual(childrenOf(resources, "acl-http-"), [
            "aws:apigatewayv2/api:Api acl-http-api",
            "aws:apigatewayv2/authorizer:Authorizer acl-http-authorizer",
            "aws:apigatewayv2/integration:Integration acl-http-integration",
            "aws:apigatewayv2/route:Route acl-http-route-get-orders-id",
            "aws:apigatewayv2/route:Route acl-http-route-post-orders",
            "aws:apigatewayv2/stage:Stage acl-http-stage",
            "aws:cloudwatch/logGroup:LogGroup acl-http-access-logs",
            "aws:lambda/permission:Permission acl-http-invoke-permission",
        ]);
        assert.deepEqual(only(resources, "aws:apigatewayv2/authorizer:Authorizer").inputs, {
            apiId: "acl-http-api-id",
            authorizerType: "JWT",
            name: "jwt",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: ISSUER, audiences: ["api://orders"] },
        });
        assert.deepEqual(routeAuth(resources), [
            { routeKey: "GET /orders/{id}", authorizationType: "JWT", authorizerId: "acl-http-authorizer-id" },
            { routeKey: "POST /orders", authorizationType: "JWT", authorizerId: "acl-http-authorizer-id" },
        ]);
        assert.equal(await valueOf(result.front.authorizer!.id), "acl-http-authorizer-id");
    });

    it("apiKey: refused before anything is created (HTTP APIs have no API keys)", async () => {
        await assert.rejects(
            deployAws(API_KEY),
            /acl-http \(API Gateway HTTP API\): auth.mode must be one of none, iam, jwt on aws, got "apiKey"/,
        );
    });
});

function deployAzure(auth: FrontDoorAuth) {
    return evaluate(() => {
        const host = new Host("acl");
        const fn = createAzureFunctionApp("acl-fn", { ...functionArgs(), resourceGroupName: "rg-patterns" }, { parent: host });
        const front = createApimFront(
            "acl-http",
            {
                ...APIM_SERVICE,
                routes: ROUTES,
                app: fn.app,
                hostStorageAccess: fn.storageAccess,
                timeoutSeconds: 25,
                tags: TAGS,
                auth,
            },
            { parent: host },
        );
        return { front };
    });
}

const policyOf = (resources: RecordedResource[]) =>
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", preserveOrder: false }).parse(
        only(resources, "azure-native:apimanagement:ApiPolicy").inputs.value,
    );

describe("front door auth on Azure (API Management)", () => {
    it("none: no subscription key required, no subscription, no token check", async () => {
        const { resources, result } = await deployAzure(PUBLIC);
        assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, false);
        assert.equal(ofType(resources, "azure-native:apimanagement:Subscription").length, 0);
        assert.equal(policyOf(resources).policies.inbound["validate-jwt"], undefined);
        assert.equal(result.front.apiKey, undefined);
    });

    it("apiKey: the API requires a subscription key, from an active subscription scoped to this API whose primary key is a secret", async () => {
        const { resources, result } = await deployAzure(API_KEY);
        assert.deepEqual(childrenOf(resources, "acl-http-"), [
            "azure-native:apimanagement:Api acl-http-api",
            "azure-native:apimanagement:ApiManagementService acl-http-apim",
            "azure-native:apimanagement:ApiOperation acl-http-op-get-orders-id",
            "azure-native:apimanagement:ApiOperation acl-http-op-post-orders",
            "azure-native:apimanagement:ApiPolicy acl-http-policy",
            "azure-native:apimanagement:NamedValue acl-http-function-key",
            "azure-native:apimanagement:Subscription acl-http-subscription",
        ]);
        assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, true);
        const service = only(resources, "azure-native:apimanagement:ApiManagementService").inputs.serviceName;
        assert.deepEqual(only(resources, "azure-native:apimanagement:Subscription").inputs, {
            resourceGroupName: "rg-patterns",
            serviceName: service,
            sid: "callers",
            displayName: "acl-http callers",
            scope: "/apis/functions",
            state: "active",
        });
        assert.equal(policyOf(resources).policies.inbound["validate-jwt"], undefined);
        assert.equal(await valueOf(result.front.apiKey!), "mock-subscription-key-callers");
        assert.equal(await pulumi.isSecret(result.front.apiKey!), true);
    });

    it("jwt: a validate-jwt inbound policy (openid-config of the issuer, audience, issuer) before the call goes to the app; no subscription", async () => {
        const { resources } = await deployAzure(JWT);
        assert.equal(only(resources, "azure-native:apimanagement:Api").inputs.subscriptionRequired, false);
        assert.equal(ofType(resources, "azure-native:apimanagement:Subscription").length, 0);
        const xml = policyOf(resources);
        assert.deepEqual(xml.policies.inbound["validate-jwt"], {
            "header-name": "Authorization",
            "require-scheme": "Bearer",
            "failed-validation-httpcode": "401",
            "failed-validation-error-message": "Unauthorized",
            "openid-config": { url: `${ISSUER}/.well-known/openid-configuration` },
            audiences: { audience: "api://orders" },
            issuers: { issuer: ISSUER },
        });
        const text: string = only(resources, "azure-native:apimanagement:ApiPolicy").inputs.value;
        assert.ok(text.indexOf("<validate-jwt") < text.indexOf("<set-backend-service"), "the token is checked before the backend is set");
        assert.ok(text.indexOf("<base />") < text.indexOf("<validate-jwt"), "after the inherited inbound policies");
    });

    it("iam: refused before anything is created", async () => {
        await assert.rejects(
            deployAzure(IAM),
            /acl-http \(API Management\): auth.mode must be one of none, jwt, apiKey on azure, got "iam"/,
        );
    });
});

function deployGcp(auth: FrontDoorAuth) {
    return evaluate(() => {
        const host = new Host("acl");
        const fn = createGcpFunction("acl-fn", { ...functionArgs(), region: "europe-west1" }, { parent: host });
        const front = createGcpApiGateway(
            "acl-http",
            { routes: ROUTES, fn: fn.function, region: "europe-west1", timeoutSeconds: 30, labels: TAGS, auth },
            { parent: host },
        );
        return { front };
    });
}

function documentOf(resources: RecordedResource[]) {
    const [document] = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs.openapiDocuments;
    return JSON.parse(Buffer.from(document.document.contents, "base64").toString("utf8"));
}

describe("front door auth on GCP (API Gateway, OpenAPI 2.0)", () => {
    it("none: no security section, no key", async () => {
        const { resources, result } = await deployGcp(PUBLIC);
        const doc = documentOf(resources);
        assert.equal(doc.securityDefinitions, undefined);
        assert.equal(doc.security, undefined);
        assert.equal(ofType(resources, "gcp:projects/apiKey:ApiKey").length, 0);
        assert.equal(ofType(resources, "gcp:projects/service:Service").length, 0);
        assert.equal(result.front.apiKey, undefined);
    });

    it("apiKey: the whole API requires an x-api-key header; the API's managed service is enabled and a key restricted to it is a secret output", async () => {
        const { resources, result } = await deployGcp(API_KEY);
        assert.deepEqual(childrenOf(resources, "acl-http-"), [
            "gcp:apigateway/api:Api acl-http-api",
            "gcp:apigateway/apiConfig:ApiConfig acl-http-config",
            "gcp:apigateway/gateway:Gateway acl-http-gateway",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember acl-http-invoker",
            "gcp:projects/apiKey:ApiKey acl-http-key",
            "gcp:projects/service:Service acl-http-managed-service",
            "gcp:serviceaccount/account:Account acl-http-gateway-identity",
        ]);
        const doc = documentOf(resources);
        assert.deepEqual(doc.securityDefinitions, { api_key: { type: "apiKey", name: "x-api-key", in: "header" } });
        assert.deepEqual(doc.security, [{ api_key: [] }]);
        const apiId = only(resources, "gcp:apigateway/api:Api").inputs.apiId;
        const managedService = `${apiId}-mock.apigateway.mock-project.cloud.goog`;
        assert.deepEqual(only(resources, "gcp:projects/service:Service").inputs, { service: managedService, disableOnDestroy: false });
        const key = only(resources, "gcp:projects/apiKey:ApiKey").inputs;
        assert.match(key.name, /^acl-http-callers-[0-9a-f]{8}$/);
        assert.deepEqual(
            { displayName: key.displayName, restrictions: key.restrictions },
            { displayName: "acl-http callers", restrictions: { apiTargets: [{ service: managedService }] } },
        );
        assert.equal(await valueOf(result.front.apiKey!), "mock-api-key-acl-http-key");
        assert.equal(await pulumi.isSecret(result.front.apiKey!), true);
    });

    it("jwt: an oauth2 security definition with x-google-issuer and x-google-audiences, required on the whole API; no key", async () => {
        const { resources } = await deployGcp(JWT);
        const doc = documentOf(resources);
        assert.deepEqual(doc.securityDefinitions, {
            jwt: {
                authorizationUrl: "",
                flow: "implicit",
                type: "oauth2",
                "x-google-issuer": ISSUER,
                "x-google-audiences": "api://orders",
            },
        });
        assert.deepEqual(doc.security, [{ jwt: [] }]);
        assert.equal(ofType(resources, "gcp:projects/apiKey:ApiKey").length, 0);
    });

    it("iam: refused before anything is created", async () => {
        await assert.rejects(deployGcp(IAM), /acl-http \(API Gateway\): auth.mode must be one of none, jwt, apiKey on gcp, got "iam"/);
    });
});
