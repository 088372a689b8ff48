import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, only } from "../support/resources";
import { recordedArchiveFiles } from "../platform/recorded";
import { aclArgs, evaluateAcl, PASSWORD, settingsOf, TRANSLATOR_MODULE } from "./component-fixture";

const LAMBDA = "aws:lambda/function:Function";
const SECRET = "aws:secretsmanager/secret:Secret";

describe("AntiCorruptionLayer on AWS (mocks)", () => {
    it("creates exactly the HTTP API, the Lambda with its role and logs, the secret, its value and one policy", async () => {
        const { resources } = await evaluateAcl(Cloud.Aws);
        assert.deepEqual(inventory(resources), [
            "aws:apigatewayv2/api:Api orders-acl-front-api",
            "aws:apigatewayv2/integration:Integration orders-acl-front-integration",
            "aws:apigatewayv2/route:Route orders-acl-front-route-get-orders-id",
            "aws:apigatewayv2/route:Route orders-acl-front-route-post-orders",
            "aws:apigatewayv2/stage:Stage orders-acl-front-stage",
            "aws:cloudwatch/logGroup:LogGroup orders-acl-front-access-logs",
            "aws:cloudwatch/logGroup:LogGroup orders-acl-translator-logs",
            "aws:iam/role:Role orders-acl-translator-role",
            "aws:iam/rolePolicy:RolePolicy orders-acl-secret-access-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment orders-acl-translator-basic-execution",
            "aws:lambda/function:Function orders-acl-translator-function",
            "aws:lambda/permission:Permission orders-acl-front-invoke-permission",
            `${SECRET} orders-acl-credentials`,
            "aws:secretsmanager/secretVersion:SecretVersion orders-acl-credentials-value",
        ]);
        const component = only(resources, "cloud-patterns:index:AntiCorruptionLayer");
        for (const child of resources.filter((r) => r.custom))
            assert.equal(child.parent, component.urn, `${child.name} is a child of the component`);
    });

    it("routes every operation to the Lambda with a timeout covering all attempts", async () => {
        const { resources } = await evaluateAcl(Cloud.Aws);
        const routes = resources
            .filter((r) => r.type === "aws:apigatewayv2/route:Route")
            .map((r) => r.inputs.routeKey)
            .sort();
        assert.deepEqual(routes, ["GET /orders/{id}", "POST /orders"]);
        const integration = only(resources, "aws:apigatewayv2/integration:Integration").inputs;
        assert.match(
            integration.integrationUri,
            /functions\/arn:aws:lambda:us-east-1:123456789012:function:orders-acl-translator-[0-9a-f]{8}\/invocations$/,
        );
        // 3 attempts x 8 s + 2 backoffs of at most 1 s, + 1 s to answer
        assert.equal(integration.timeoutMilliseconds, 27_000);
        assert.equal(only(resources, LAMBDA).inputs.timeout, 27);
    });

    it("stores the credentials as a secret and gives the function only a reference to it", async () => {
        const { resources } = await evaluateAcl(Cloud.Aws);
        const secret = only(resources, SECRET);
        assert.equal(secret.inputs.recoveryWindowInDays, 7);
        assert.deepEqual(secret.inputs.tags, { "managed-by": "cloud-patterns", pattern: "anti-corruption-layer", team: "orders" });
        const version = only(resources, "aws:secretsmanager/secretVersion:SecretVersion").inputs;
        assert.equal(version.secretId, "orders-acl-credentials-id");
        assert.equal(
            version.secretString["4dabf18193072939515e22adb298388d"],
            "1b47061264138c4ac30d75fd1eb44270",
            "the value is a Pulumi secret",
        );
        assert.deepEqual(JSON.parse(version.secretString.value), { username: "acl-svc", password: PASSWORD });

        const environment = only(resources, LAMBDA).inputs.environment.variables;
        assert.deepEqual(Object.keys(environment), ["CLOUD_PATTERNS_CONFIG"]);
        assert.ok(!JSON.stringify(environment).includes(PASSWORD), "no password in the function's environment");
        const settings = settingsOf(environment);
        assert.deepEqual(settings.credentials, {
            provider: "aws",
            secretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-acl-credentials",
        });
        assert.equal(settings.legacy.endpoint, "https://erp.internal/OrderService.asmx");
        assert.equal(settings.mapping.element, "OrderRecord", "the catalogue's OrderRecord mapping is the default");
    });

    it("lets the function's own role read that one secret and nothing else", async () => {
        const { resources } = await evaluateAcl(Cloud.Aws);
        const policy = only(resources, "aws:iam/rolePolicy:RolePolicy").inputs;
        assert.equal(policy.role, only(resources, "aws:iam/role:Role").inputs.name);
        assert.deepEqual(JSON.parse(policy.policy).Statement, [
            {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue"],
                Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-acl-credentials"],
            },
        ]);
    });

    it("outputs the stage URL and the Lambda name", async () => {
        const { url, functionName, resources } = await evaluateAcl(Cloud.Aws);
        assert.equal(url, "https://orders-acl-front-api-id.execute-api.us-east-1.amazonaws.com");
        assert.equal(functionName, only(resources, LAMBDA).inputs.name);
    });

    it("creates no secret and no policy when the legacy service takes no credentials", async () => {
        const args = aclArgs();
        const { resources } = await evaluateAcl(Cloud.Aws, { ...args, legacy: { ...args.legacy, credentials: undefined } });
        assert.equal(resources.filter((r) => /secretsmanager|rolePolicy:RolePolicy/.test(r.type)).length, 0);
        assert.equal(settingsOf(only(resources, LAMBDA).inputs.environment.variables).credentials, undefined);
    });

    it("bundles a translatorModule into the function instead of the declarative mapping", async () => {
        const { resources } = await evaluateAcl(Cloud.Aws, aclArgs({ translatorModule: TRANSLATOR_MODULE }));
        const fn = only(resources, LAMBDA).inputs;
        const files = await recordedArchiveFiles(fn.code);
        assert.match(files["index.js"], /padStart\(6,"0"\)/, "the user's toLegacy is in the bundle");
        assert.equal(settingsOf(fn.environment.variables).mapping, undefined);
    });
});
