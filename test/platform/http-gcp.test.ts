import { strict as assert } from "node:assert";
import { PUBLIC } from "../../components/platform/front-door-auth";
import { createGcpFunction } from "../../components/platform/function-gcp";
import { createGcpApiGateway, GcpApiGatewayArgs } from "../../components/platform/http-gcp";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { only } from "../support/resources";
import { childrenOf, functionArgs, Host } from "./fixture";

const LABELS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation" };
const ROUTES = ["GET /aggregate/{id}", "POST /aggregate/{id}", "GET /health"];

function deploy(overrides: Partial<Omit<GcpApiGatewayArgs, "fn">> = {}, config: Record<string, string> = {}) {
    return evaluate(
        () => {
            const host = new Host("gw");
            const fn = createGcpFunction("gw-fn", { ...functionArgs(), region: "europe-west1" }, { parent: host });
            return createGcpApiGateway(
                "gw-http",
                { routes: ROUTES, fn: fn.function, region: "europe-west1", timeoutSeconds: 30, labels: LABELS, auth: PUBLIC, ...overrides },
                { parent: host },
            );
        },
        { config },
    );
}

function openApi(resources: Awaited<ReturnType<typeof deploy>>["resources"]) {
    const config = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs;
    const [document] = config.openapiDocuments;
    return { path: document.document.path as string, spec: JSON.parse(Buffer.from(document.document.contents, "base64").toString("utf8")) };
}

describe("createGcpApiGateway", () => {
    it("creates exactly a gateway identity, API, API config, gateway and one invoker binding", async () => {
        const { resources } = await deploy();
        assert.deepEqual(childrenOf(resources, "gw-http-"), [
            "gcp:apigateway/api:Api gw-http-api",
            "gcp:apigateway/apiConfig:ApiConfig gw-http-config",
            "gcp:apigateway/gateway:Gateway gw-http-gateway",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember gw-http-invoker",
            "gcp:serviceaccount/account:Account gw-http-gateway-identity",
        ]);
    });

    it("generates an OpenAPI 2.0 document: one operation per route, path parameters declared, every call to the function URL", async () => {
        const { resources } = await deploy();
        const { path, spec } = openApi(resources);
        const fnName = only(resources, "gcp:cloudfunctionsv2/function:Function").inputs.name;
        assert.equal(path, "openapi.json");
        assert.equal(spec.swagger, "2.0");
        assert.deepEqual(spec.schemes, ["https"]);
        assert.deepEqual(spec["x-google-backend"], {
            address: `https://${fnName}-mock.a.run.app`,
            path_translation: "APPEND_PATH_TO_ADDRESS",
            deadline: 30,
        });
        const idParam = [{ name: "id", in: "path", required: true, type: "string" }];
        assert.deepEqual(Object.keys(spec.paths).sort(), ["/aggregate/{id}", "/health"]);
        assert.deepEqual(spec.paths["/aggregate/{id}"].get.parameters, idParam);
        assert.deepEqual(spec.paths["/aggregate/{id}"].post.parameters, idParam);
        assert.deepEqual(spec.paths["/health"].get.parameters, []);
        const operationIds = [spec.paths["/aggregate/{id}"].get, spec.paths["/aggregate/{id}"].post, spec.paths["/health"].get].map(
            (op) => op.operationId,
        );
        assert.deepEqual(operationIds, ["get_aggregate_id", "post_aggregate_id", "get_health"]);
    });

    it("calls the function as a dedicated service account holding run.invoker on that function's service only", async () => {
        const { resources } = await deploy();
        const account = only(resources, "gcp:serviceaccount/account:Account", "gw-http-gateway-identity").inputs;
        assert.match(account.accountId, /^gw-http-gw-[0-9a-f]{8}$/);
        const email = `${account.accountId}@mock-project.iam.gserviceaccount.com`;
        const config = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs;
        assert.deepEqual(config.gatewayConfig, { backendConfig: { googleServiceAccount: email } });
        const fnName = only(resources, "gcp:cloudfunctionsv2/function:Function").inputs.name;
        assert.deepEqual(only(resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember").inputs, {
            location: "europe-west1",
            name: `projects/mock-project/locations/europe-west1/services/${fnName}`,
            role: "roles/run.invoker",
            member: `serviceAccount:${email}`,
        });
        assert.equal(resources.filter((r) => JSON.stringify(r.inputs).includes("allUsers")).length, 0);
    });

    it("deploys the config on a gateway in the region, with new config ids for new documents, all labelled", async () => {
        const { resources } = await deploy();
        const api = only(resources, "gcp:apigateway/api:Api").inputs;
        const config = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs;
        const gateway = only(resources, "gcp:apigateway/gateway:Gateway").inputs;
        assert.match(api.apiId, /^gw-http-[0-9a-f]{8}$/);
        assert.equal(config.api, api.apiId);
        assert.match(config.apiConfigIdPrefix, /^gw-http-[0-9a-f]{8}-$/);
        assert.equal(gateway.apiConfig, "gw-http-config-id");
        assert.equal(gateway.region, "europe-west1");
        for (const labels of [api.labels, config.labels, gateway.labels]) assert.deepEqual(labels, LABELS);
    });

    it("returns the gateway's HTTPS URL", async () => {
        const { result } = await deploy();
        assert.equal(await valueOf(result.url), "https://gw-http-gateway-mock.uc.gateway.dev");
    });

    it("rejects deadlines over an hour, bad routes, and a missing region", async () => {
        await assert.rejects(deploy({ timeoutSeconds: 3601 }), /gw-http \(API Gateway\): timeoutSeconds must be an integer from 1 to 3600/);
        await assert.rejects(
            deploy({ routes: ["GET aggregate"] }),
            /route 'GET aggregate' is not valid: path 'aggregate' must start with '\/'/,
        );
        await assert.rejects(
            deploy({ routes: ["GET /a/{id}", "GET /a/{key}"] }),
            /route 'GET \/a\/\{key\}' duplicates an earlier route \(GET \/a\/\{\}\)/,
        );
        await assert.rejects(
            evaluate(() =>
                createGcpApiGateway(
                    "gw-http",
                    {
                        routes: ROUTES,
                        fn: createGcpFunction("f", { ...functionArgs(), region: "r" }, {}).function,
                        timeoutSeconds: 5,
                        labels: {},
                        auth: PUBLIC,
                    },
                    {},
                ),
            ),
            /gw-http \(API Gateway\): no GCP region: pass 'region' or set it with 'pulumi config set gcp:region <region>'/,
        );
    });
});
