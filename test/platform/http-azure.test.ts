import { strict as assert } from "node:assert";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { XMLParser } from "fast-xml-parser";
import { Cloud } from "../../components/cloud";
import { bundleFunction } from "../../components/platform/bundle";
import { PUBLIC } from "../../components/platform/front-door-auth";
import { AzureFunctionApp, createAzureFunctionApp } from "../../components/platform/function-azure";
import { ApimFrontArgs, apimPolicyXml, createApimFront } from "../../components/platform/http-azure";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { ofType, only } from "../support/resources";
import { APIM_SERVICE, childrenOf, functionArgs, Host } from "./fixture";

const TAGS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation" };
const ROUTES = ["GET /aggregate/{id}/items/{itemId}", "DELETE /orders/{id}"];

/** The gateway's front door on its function app; `watch` sees the app before the front door is made. */
function frontDoorProgram(
    overrides: Partial<Omit<ApimFrontArgs, "app" | "hostStorageAccess">> = {},
    watch?: (fn: AzureFunctionApp) => void,
) {
    return () => {
        const host = new Host("gw");
        const fn = createAzureFunctionApp("gw-fn", { ...functionArgs(), resourceGroupName: "rg-patterns" }, { parent: host });
        watch?.(fn);
        return createApimFront(
            "gw-http",
            {
                ...APIM_SERVICE,
                routes: ROUTES,
                app: fn.app,
                hostStorageAccess: fn.storageAccess,
                timeoutSeconds: 25,
                tags: TAGS,
                auth: PUBLIC,
                ...overrides,
            },
            { parent: host },
        );
    };
}

function deploy(overrides: Partial<Omit<ApimFrontArgs, "app" | "hostStorageAccess">> = {}) {
    return evaluate(frontDoorProgram(overrides));
}

describe("createApimFront", () => {
    it("creates exactly a Consumption APIM service, one API, an operation per route, the function key named value and the API policy", async () => {
        const { resources } = await deploy();
        assert.deepEqual(childrenOf(resources, "gw-http-"), [
            "azure-native:apimanagement:Api gw-http-api",
            "azure-native:apimanagement:ApiManagementService gw-http-apim",
            "azure-native:apimanagement:ApiOperation gw-http-op-delete-orders-id",
            "azure-native:apimanagement:ApiOperation gw-http-op-get-aggregate-id-items-itemid",
            "azure-native:apimanagement:ApiPolicy gw-http-policy",
            "azure-native:apimanagement:NamedValue gw-http-function-key",
        ]);
    });

    it("uses the serverless Consumption tier with the publisher and tags", async () => {
        const { resources } = await deploy();
        const service = only(resources, "azure-native:apimanagement:ApiManagementService").inputs;
        assert.deepEqual(service.sku, { name: "Consumption", capacity: 0 });
        assert.equal(service.publisherEmail, "ops@example.com");
        assert.equal(service.publisherName, "Ops");
        assert.match(service.serviceName, /^gw-http-[0-9a-f]{8}$/);
        assert.deepEqual(service.tags, TAGS);
    });

    it("serves the API over HTTPS only at the root, with no subscription key when public", async () => {
        const { resources } = await deploy();
        const api = only(resources, "azure-native:apimanagement:Api").inputs;
        const appHost = only(resources, "azure-native:web:WebApp").inputs.name;
        assert.deepEqual(api.protocols, ["https"]);
        assert.equal(api.path, "");
        assert.equal(api.subscriptionRequired, false);
        assert.equal(api.serviceUrl, `https://${appHost}.azurewebsites.net`);
    });

    it("declares an operation per route with its method, URL template and path parameters", async () => {
        const { resources } = await deploy();
        const operations = ofType(resources, "azure-native:apimanagement:ApiOperation")
            .map((r) => r.inputs)
            .sort((a, b) => (a.operationId < b.operationId ? 1 : -1));
        assert.deepEqual(
            operations.map(({ apiId, operationId, method, urlTemplate, templateParameters, displayName }) => ({
                apiId,
                operationId,
                method,
                urlTemplate,
                templateParameters,
                displayName,
            })),
            [
                {
                    apiId: "functions",
                    operationId: "get-aggregate-id-items-itemid",
                    method: "GET",
                    urlTemplate: "/aggregate/{id}/items/{itemId}",
                    templateParameters: [
                        { name: "id", type: "string", required: true },
                        { name: "itemId", type: "string", required: true },
                    ],
                    displayName: "GET /aggregate/{id}/items/{itemId}",
                },
                {
                    apiId: "functions",
                    operationId: "delete-orders-id",
                    method: "DELETE",
                    urlTemplate: "/orders/{id}",
                    templateParameters: [{ name: "id", type: "string", required: true }],
                    displayName: "DELETE /orders/{id}",
                },
            ],
        );
    });

    it("keeps the app's function key in a secret named value (a Pulumi secret in state too) and sends it as x-functions-key to the app, with the timeout", async () => {
        const { resources } = await deploy();
        const key = only(resources, "azure-native:apimanagement:NamedValue").inputs;
        assert.deepEqual(
            { namedValueId: key.namedValueId, displayName: key.displayName, secret: key.secret, value: key.value },
            {
                namedValueId: "function-key",
                displayName: "function-key",
                secret: true,
                value: { [specialSigKey]: specialSecretSig, value: "mock-function-key" },
            },
        );
        const policy = only(resources, "azure-native:apimanagement:ApiPolicy").inputs;
        assert.equal(policy.format, "xml");
        assert.equal(policy.apiId, "functions");
        assert.doesNotMatch(policy.value, /mock-function-key/, "the key itself never appears in the policy");
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(policy.value);
        const appHost = only(resources, "azure-native:web:WebApp").inputs.name;
        assert.equal(xml.policies.inbound["set-backend-service"]["base-url"], `https://${appHost}.azurewebsites.net`);
        assert.deepEqual(xml.policies.inbound["set-header"], {
            name: "x-functions-key",
            "exists-action": "override",
            value: "{{function-key}}",
        });
        assert.equal(xml.policies.backend["forward-request"].timeout, "25");
    });

    it("reads the function key only once the app's role on its host storage exists, where the host keeps its keys", async () => {
        const events: string[] = [];
        await evaluate(
            frontDoorProgram({}, (fn) => fn.storageAccess.urn.apply(() => events.push("storage access assigned"))),
            {
                calls: {
                    get "azure-native:web:listWebAppHostKeys"() {
                        events.push("host keys read");
                        return { functionKeys: { default: "mock-function-key" } };
                    },
                },
            },
        );
        assert.deepEqual(events, ["storage access assigned", "host keys read"]);
    });

    it("forwards the path unchanged: the Azure bundle serves every path at the root with function-level auth", () => {
        const bundle = bundleFunction(functionArgs().bundle, Cloud.Azure, "gw-fn");
        assert.equal(JSON.parse(bundle.files["host.json"]).extensions.http.routePrefix, "");
        assert.match(bundle.files["index.js"], /authLevel:"function"/);
        assert.match(bundle.files["index.js"], /route:"\{\*path\}"/);
    });

    it("escapes the backend URL in the policy XML", () => {
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", processEntities: true }).parse(
            apimPolicyXml('https://app.example.net/?a=1&b="2"', 9, PUBLIC),
        );
        assert.equal(xml.policies.inbound["set-backend-service"]["base-url"], 'https://app.example.net/?a=1&b="2"');
        assert.equal(xml.policies.backend["forward-request"].timeout, "9");
    });

    // No API Management here: this reads the policy as APIM would (XML, entities decoded) and
    // checks the on-error section builds the project's problem document; it cannot run the C#
    // expressions, which only a deployed service evaluates.
    it("answers API Management's own refusals (401 key or token, 429, 404) as problem documents in on-error", () => {
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", processEntities: true }).parse(
            apimPolicyXml("https://app.example.net", 9, PUBLIC),
        );
        const answer = xml.policies["on-error"]["return-response"];
        assert.ok(answer, "on-error returns its own response");
        assert.equal(answer["set-status"].code, "@(context.Response.StatusCode >= 400 ? context.Response.StatusCode : 500)");
        const headers = Object.fromEntries(answer["set-header"].map((h: { name: string; value: string }) => [h.name, h.value]));
        assert.equal(headers["content-type"], "application/problem+json");
        assert.match(headers["x-request-id"], /GetValueOrDefault\("x-request-id", context\.RequestId\.ToString\(\)\)/);
        const members = [...String(answer["set-body"]).matchAll(/new JProperty\("(\w+)"/g)].map((m) => m[1]);
        assert.deepEqual(
            members,
            ["type", "title", "status", "detail", "instance", "requestId"],
            "the members of handlers/http/problem.ts, in order",
        );
        assert.match(String(answer["set-body"]), /"about:blank"/);
    });

    it("returns the gateway URL", async () => {
        const { resources, result } = await deploy();
        const service = only(resources, "azure-native:apimanagement:ApiManagementService").inputs;
        assert.equal(await valueOf(result.url), `https://${service.serviceName}.azure-api.net`);
    });

    it("rejects a forward timeout APIM will not honour and bad routes", async () => {
        await assert.rejects(
            deploy({ timeoutSeconds: 241 }),
            /gw-http \(API Management\): timeoutSeconds must be an integer from 1 to 240 .*got 241/,
        );
        await assert.rejects(
            deploy({ routes: [] }),
            /gw-http \(API Management\): at least one route is required; expected 'METHOD \/path\/\{param\}'/,
        );
        await assert.rejects(
            deploy({ routes: ["GET /a/{id"] }),
            /route 'GET \/a\/\{id' is not valid: path segment '\{id' must be literal text/,
        );
    });
});
