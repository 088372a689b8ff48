import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, only } from "../support/resources";
import { deploy, Deployed, EXPECTED_SETTINGS, EXPECTED_TAGS, handlerSettings } from "./deploy";

describe("GatewayAggregation on GCP (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("gcp");
    });
    const fn = () => only(d.resources, "gcp:cloudfunctionsv2/function:Function");
    const openApi = () => {
        const config = only(d.resources, "gcp:apigateway/apiConfig:ApiConfig");
        return JSON.parse(Buffer.from(config.inputs.openapiDocuments[0].document.contents, "base64").toString("utf8"));
    };

    it("creates exactly an API Gateway in front of a Cloud Function gen2", () => {
        assert.deepEqual(inventory(d.resources), [
            "gcp:apigateway/api:Api agg-api",
            "gcp:apigateway/apiConfig:ApiConfig agg-config",
            "gcp:apigateway/gateway:Gateway agg-gateway",
            "gcp:cloudfunctionsv2/function:Function agg-function",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember agg-invoker",
            "gcp:projects/iAMMember:IAMMember agg-build-image-writer",
            "gcp:projects/iAMMember:IAMMember agg-build-log-writer",
            "gcp:projects/service:Service agg-enable-apigateway",
            "gcp:projects/service:Service agg-enable-artifactregistry",
            "gcp:projects/service:Service agg-enable-cloudbuild",
            "gcp:projects/service:Service agg-enable-cloudfunctions",
            "gcp:projects/service:Service agg-enable-iam",
            "gcp:projects/service:Service agg-enable-run",
            "gcp:projects/service:Service agg-enable-servicecontrol",
            "gcp:projects/service:Service agg-enable-servicemanagement",
            "gcp:projects/service:Service agg-enable-storage",
            "gcp:serviceaccount/account:Account agg-build-identity",
            "gcp:serviceaccount/account:Account agg-gateway-identity",
            "gcp:serviceaccount/account:Account agg-identity",
            "gcp:storage/bucket:Bucket agg-source",
            "gcp:storage/bucketIAMMember:BucketIAMMember agg-build-source-reader",
            "gcp:storage/bucketObject:BucketObject agg-package",
        ]);
        assert.equal(d.component.cloud, Cloud.Gcp);
        assert.ok(d.component.gcp && !d.component.aws && !d.component.azure);
    });

    it("points the OpenAPI backend at the function's URL, path appended, with the route as its one operation", () => {
        const document = openApi();
        assert.equal(document.swagger, "2.0");
        assert.deepEqual(document["x-google-backend"], {
            address: "https://agg-d96b134b-mock.a.run.app",
            path_translation: "APPEND_PATH_TO_ADDRESS",
            deadline: 11,
        });
        assert.deepEqual(Object.keys(document.paths), ["/aggregate/{id}"]);
        assert.deepEqual(Object.keys(document.paths["/aggregate/{id}"]), ["get"]);
        assert.deepEqual(document.paths["/aggregate/{id}"].get.parameters, [{ name: "id", in: "path", required: true, type: "string" }]);
        assert.equal(only(d.resources, "gcp:apigateway/gateway:Gateway").inputs.apiConfig, "agg-config-id");
        assert.equal(
            only(d.resources, "gcp:apigateway/apiConfig:ApiConfig").inputs.api,
            only(d.resources, "gcp:apigateway/api:Api").inputs.apiId,
        );
    });

    it("lets only the gateway's own service account invoke the function", () => {
        const gatewayIdentity = only(d.resources, "gcp:serviceaccount/account:Account", "agg-gateway-identity");
        const email = `${gatewayIdentity.inputs.accountId}@mock-project.iam.gserviceaccount.com`;
        assert.equal(
            only(d.resources, "gcp:apigateway/apiConfig:ApiConfig").inputs.gatewayConfig.backendConfig.googleServiceAccount,
            email,
        );
        const invoker = only(d.resources, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember");
        assert.equal(invoker.inputs.role, "roles/run.invoker");
        assert.equal(invoker.inputs.member, `serviceAccount:${email}`);
        assert.equal(
            invoker.inputs.name,
            `projects/mock-project/locations/europe-west1/services/${fn().inputs.name}`,
            "on this function's service only",
        );
    });

    it("keeps the source bucket private and runs the function as its own account", () => {
        const bucket = only(d.resources, "gcp:storage/bucket:Bucket");
        assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
        assert.equal(bucket.inputs.publicAccessPrevention, "enforced");
        assert.equal(fn().inputs.buildConfig.runtime, "nodejs24");
        assert.equal(
            fn().inputs.buildConfig.source.storageSource.object,
            only(d.resources, "gcp:storage/bucketObject:BucketObject").inputs.name,
        );
        assert.match(fn().inputs.serviceConfig.serviceAccountEmail, /^agg-[0-9a-f]{8}@mock-project\.iam\.gserviceaccount\.com$/);
        assert.equal(fn().inputs.serviceConfig.timeoutSeconds, 11);
        assert.equal(fn().inputs.serviceConfig.availableMemory, "256Mi");
        assert.equal(fn().inputs.location, "europe-west1");
    });

    it("writes CLOUD_PATTERNS_CONFIG into the function's environment, in the form the handler reads", () => {
        const document = fn().inputs.serviceConfig.environmentVariables.CLOUD_PATTERNS_CONFIG;
        assert.deepEqual(JSON.parse(document), EXPECTED_SETTINGS);
        assert.equal(handlerSettings(document).route.key, "GET /aggregate/{id}");
    });

    it("labels every child that takes labels", () => {
        for (const type of [
            "gcp:apigateway/api:Api",
            "gcp:apigateway/apiConfig:ApiConfig",
            "gcp:apigateway/gateway:Gateway",
            "gcp:storage/bucket:Bucket",
            "gcp:cloudfunctionsv2/function:Function",
        ]) {
            assert.deepEqual(only(d.resources, type).inputs.labels, EXPECTED_TAGS, type);
        }
    });

    it("outputs the gateway's URL and the function's name", () => {
        assert.equal(d.url, "https://agg-gateway-mock.uc.gateway.dev");
        assert.equal(d.functionName, fn().inputs.name);
    });

    it("takes the region from the gcp args", async () => {
        const elsewhere = await deploy("gcp", { gcp: { region: "us-central1" } });
        assert.equal(only(elsewhere.resources, "gcp:cloudfunctionsv2/function:Function").inputs.location, "us-central1");
        assert.equal(only(elsewhere.resources, "gcp:apigateway/gateway:Gateway").inputs.region, "us-central1");
    });
});
