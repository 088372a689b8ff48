import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, only } from "../support/resources";
import { aclArgs, evaluateAcl, PASSWORD, settingsOf } from "./component-fixture";

const FUNCTION = "gcp:cloudfunctionsv2/function:Function";
const SECRET = "gcp:secretmanager/secret:Secret";

describe("AntiCorruptionLayer on GCP (mocks)", () => {
    it("creates exactly API Gateway, the Cloud Function, the Secret Manager secret, its version and one accessor binding", async () => {
        const { resources } = await evaluateAcl(Cloud.Gcp);
        assert.deepEqual(inventory(resources), [
            "gcp:apigateway/api:Api orders-acl-front-api",
            "gcp:apigateway/apiConfig:ApiConfig orders-acl-front-config",
            "gcp:apigateway/gateway:Gateway orders-acl-front-gateway",
            `${FUNCTION} orders-acl-translator-function`,
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember orders-acl-front-invoker",
            // auth defaults to apiKey on GCP: the callers' key and the API's managed service enabled.
            "gcp:projects/apiKey:ApiKey orders-acl-front-key",
            "gcp:projects/iAMMember:IAMMember orders-acl-translator-build-image-writer",
            "gcp:projects/iAMMember:IAMMember orders-acl-translator-build-log-writer",
            "gcp:projects/service:Service orders-acl-enable-apigateway",
            "gcp:projects/service:Service orders-acl-enable-apikeys",
            "gcp:projects/service:Service orders-acl-enable-artifactregistry",
            "gcp:projects/service:Service orders-acl-enable-cloudbuild",
            "gcp:projects/service:Service orders-acl-enable-cloudfunctions",
            "gcp:projects/service:Service orders-acl-enable-iam",
            "gcp:projects/service:Service orders-acl-enable-run",
            "gcp:projects/service:Service orders-acl-enable-secretmanager",
            "gcp:projects/service:Service orders-acl-enable-servicecontrol",
            "gcp:projects/service:Service orders-acl-enable-servicemanagement",
            "gcp:projects/service:Service orders-acl-enable-storage",
            "gcp:projects/service:Service orders-acl-front-managed-service",
            `${SECRET} orders-acl-credentials`,
            "gcp:secretmanager/secretIamMember:SecretIamMember orders-acl-secret-access",
            "gcp:secretmanager/secretVersion:SecretVersion orders-acl-credentials-value",
            "gcp:serviceaccount/account:Account orders-acl-front-gateway-identity",
            "gcp:serviceaccount/account:Account orders-acl-translator-build-identity",
            "gcp:serviceaccount/account:Account orders-acl-translator-identity",
            "gcp:storage/bucket:Bucket orders-acl-translator-source",
            "gcp:storage/bucketIAMMember:BucketIAMMember orders-acl-translator-build-source-reader",
            "gcp:storage/bucketObject:BucketObject orders-acl-translator-package",
        ]);
        const component = only(resources, "cloud-patterns:index:AntiCorruptionLayer");
        for (const child of resources.filter((r) => r.custom))
            assert.equal(child.parent, component.urn, `${child.name} is a child of the component`);
    });

    it("puts every route in the gateway's OpenAPI document, to the function, with a deadline for all attempts", async () => {
        const { resources } = await evaluateAcl(Cloud.Gcp);
        const config = only(resources, "gcp:apigateway/apiConfig:ApiConfig").inputs;
        const document = JSON.parse(Buffer.from(config.openapiDocuments[0].document.contents, "base64").toString());
        assert.deepEqual(Object.keys(document.paths).sort(), ["/orders", "/orders/{id}"]);
        assert.ok(document.paths["/orders/{id}"].get && document.paths["/orders"].post);
        const backend = document.paths["/orders/{id}"].get["x-google-backend"] ?? document["x-google-backend"];
        assert.equal(backend.deadline, 27);
        assert.match(backend.address, /^https:\/\/orders-acl-translator-[0-9a-f]{8}-mock\.a\.run\.app/);
    });

    it("stores the credentials in Secret Manager and gives the function only the version's name", async () => {
        const { resources } = await evaluateAcl(Cloud.Gcp);
        const secret = only(resources, SECRET).inputs;
        assert.deepEqual(secret.replication, { auto: {} });
        assert.deepEqual(secret.labels, { "managed-by": "cloud-patterns", pattern: "anti-corruption-layer", team: "orders" });
        const version = only(resources, "gcp:secretmanager/secretVersion:SecretVersion").inputs;
        assert.equal(version.secret, "orders-acl-credentials-id");
        assert.equal(
            version.secretData["4dabf18193072939515e22adb298388d"],
            "1b47061264138c4ac30d75fd1eb44270",
            "the value is a Pulumi secret",
        );
        assert.deepEqual(JSON.parse(version.secretData.value), { username: "acl-svc", password: PASSWORD });

        const environment = only(resources, FUNCTION).inputs.serviceConfig.environmentVariables;
        assert.deepEqual(Object.keys(environment), ["CLOUD_PATTERNS_CONFIG"]);
        assert.ok(!JSON.stringify(environment).includes(PASSWORD));
        assert.deepEqual(settingsOf(environment).credentials, {
            provider: "gcp",
            name: `projects/mock-project/secrets/${secret.secretId}/versions/latest`,
        });
    });

    it("grants secretAccessor on that secret to the function's own service account only", async () => {
        const { resources } = await evaluateAcl(Cloud.Gcp);
        const binding = only(resources, "gcp:secretmanager/secretIamMember:SecretIamMember").inputs;
        assert.deepEqual(binding, {
            secretId: "orders-acl-credentials-id",
            role: "roles/secretmanager.secretAccessor",
            member: `serviceAccount:${only(resources, "gcp:serviceaccount/account:Account", "orders-acl-translator-identity").inputs.accountId}@mock-project.iam.gserviceaccount.com`,
        });
        assert.equal(resources.filter((r) => /projectIam|ProjectIam/.test(r.type)).length, 0, "no project-wide grant");
    });

    it("outputs the gateway URL and the Cloud Function name", async () => {
        const { url, functionName, resources } = await evaluateAcl(Cloud.Gcp);
        assert.equal(url, "https://orders-acl-front-gateway-mock.uc.gateway.dev");
        assert.equal(functionName, only(resources, FUNCTION).inputs.name);
    });

    it("creates no secret and no binding when the legacy service takes no credentials", async () => {
        const args = aclArgs();
        const { resources } = await evaluateAcl(Cloud.Gcp, { ...args, legacy: { ...args.legacy, credentials: undefined } });
        assert.equal(resources.filter((r) => r.type.startsWith("gcp:secretmanager")).length, 0);
    });
});
