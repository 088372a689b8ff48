import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { inventory, only } from "../support/resources";
import { deploy, Deployed, EXPECTED_SETTINGS, EXPECTED_TAGS, handlerSettings } from "./deploy";

describe("GatewayAggregation on AWS (Pulumi mocks)", () => {
    let d: Deployed;
    before(async () => {
        d = await deploy("aws");
    });
    const lambda = () => only(d.resources, "aws:lambda/function:Function");

    it("creates exactly an HTTP API in front of a Lambda function", () => {
        assert.deepEqual(inventory(d.resources), [
            "aws:apigatewayv2/api:Api agg-api",
            "aws:apigatewayv2/integration:Integration agg-integration",
            "aws:apigatewayv2/route:Route agg-route-get-aggregate-id",
            "aws:apigatewayv2/stage:Stage agg-stage",
            "aws:cloudwatch/logGroup:LogGroup agg-access-logs",
            "aws:cloudwatch/logGroup:LogGroup agg-logs",
            "aws:iam/role:Role agg-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment agg-basic-execution",
            "aws:lambda/function:Function agg-function",
            "aws:lambda/permission:Permission agg-invoke-permission",
        ]);
        const component = only(d.resources, "cloud-patterns:index:GatewayAggregation");
        assert.ok(
            d.resources.filter((r) => r.custom).every((r) => r.parent === component.urn),
            "every child is parented to the component",
        );
        assert.equal(d.component.cloud, Cloud.Aws);
        assert.ok(d.component.aws && !d.component.azure && !d.component.gcp, "the AWS children are exposed, no other cloud's");
    });

    it("wires route -> integration -> function, and lets only this API invoke it", () => {
        const api = only(d.resources, "aws:apigatewayv2/api:Api");
        const integration = only(d.resources, "aws:apigatewayv2/integration:Integration");
        const route = only(d.resources, "aws:apigatewayv2/route:Route");
        const permission = only(d.resources, "aws:lambda/permission:Permission");
        assert.equal(api.inputs.protocolType, "HTTP");
        assert.equal(route.inputs.routeKey, "GET /aggregate/{id}");
        assert.equal(route.inputs.target, "integrations/agg-integration-id");
        assert.equal(route.inputs.apiId, "agg-api-id");
        assert.equal(integration.inputs.integrationType, "AWS_PROXY");
        assert.equal(integration.inputs.payloadFormatVersion, "2.0");
        assert.match(
            integration.inputs.integrationUri,
            /^arn:aws:apigateway:.*:lambda:path\/2015-03-31\/functions\/arn:aws:lambda:.*:function:agg-[0-9a-f]{8}\/invocations$/,
        );
        assert.equal(
            integration.inputs.timeoutMilliseconds,
            11000,
            "the integration waits the budget plus a second, so the function's own 504 gets through",
        );
        assert.equal(permission.inputs.function, lambda().inputs.name);
        assert.equal(permission.inputs.principal, "apigateway.amazonaws.com");
        assert.equal(permission.inputs.sourceArn, "arn:aws:execute-api:us-east-1:123456789012:agg-api-id/*/*");
    });

    it("throttles the stage and writes JSON access logs to a log group with retention", () => {
        const stage = only(d.resources, "aws:apigatewayv2/stage:Stage");
        assert.equal(stage.inputs.name, "$default");
        assert.equal(stage.inputs.autoDeploy, true);
        assert.deepEqual(stage.inputs.defaultRouteSettings, { throttlingBurstLimit: 200, throttlingRateLimit: 100 });
        assert.match(stage.inputs.accessLogSettings.destinationArn, /log-group:agg-access-logs$/);
        assert.ok(JSON.parse(stage.inputs.accessLogSettings.format).requestId);
        for (const group of d.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup"))
            assert.equal(group.inputs.retentionInDays, 30);
    });

    it("runs the function on nodejs24.x with basic execution only (the inventory holds no other grant), sized from the args", () => {
        const fn = lambda();
        assert.equal(fn.inputs.runtime, "nodejs24.x");
        assert.equal(fn.inputs.handler, "index.handler");
        assert.equal(fn.inputs.memorySize, 256);
        assert.equal(fn.inputs.timeout, 11, "budget (10 s) + 1 s");
        assert.equal(
            only(d.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn,
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        );
    });

    it("writes the backends, route and budget into CLOUD_PATTERNS_CONFIG, in the form the handler reads", () => {
        const document = lambda().inputs.environment.variables.CLOUD_PATTERNS_CONFIG;
        assert.deepEqual(JSON.parse(document), EXPECTED_SETTINGS);
        const settings = handlerSettings(document);
        assert.deepEqual(
            settings.backends.map((b) => b.name),
            ["users", "orders", "recommendations"],
        );
        assert.deepEqual(Object.keys(lambda().inputs.environment.variables), ["CLOUD_PATTERNS_CONFIG"], "no other variables, no secrets");
    });

    it("tags every child that takes tags", () => {
        for (const type of [
            "aws:apigatewayv2/api:Api",
            "aws:apigatewayv2/stage:Stage",
            "aws:lambda/function:Function",
            "aws:iam/role:Role",
        ]) {
            assert.deepEqual(only(d.resources, type).inputs.tags, EXPECTED_TAGS, type);
        }
        for (const group of d.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup"))
            assert.deepEqual(group.inputs.tags, EXPECTED_TAGS);
    });

    it("outputs the stage URL without a trailing slash and the Lambda's name", () => {
        assert.equal(d.url, "https://agg-api-id.execute-api.us-east-1.amazonaws.com");
        assert.equal(d.functionName, lambda().inputs.name);
    });

    it("takes throttling, route, budget and memory from the args", async () => {
        const custom = await deploy("aws", {
            route: "GET /products/{id}",
            timeoutMs: 29000,
            memoryMb: 512,
            aws: { throttlingRateLimit: 10, throttlingBurstLimit: 20 },
            backends: [{ name: "product", url: "https://catalog.example.com/products/{id}" }],
        });
        assert.equal(
            only(custom.resources, "aws:apigatewayv2/route:Route", "agg-route-get-products-id").inputs.routeKey,
            "GET /products/{id}",
        );
        assert.equal(
            only(custom.resources, "aws:apigatewayv2/integration:Integration").inputs.timeoutMilliseconds,
            30000,
            "capped at the HTTP API maximum",
        );
        assert.equal(only(custom.resources, "aws:lambda/function:Function").inputs.timeout, 30);
        assert.equal(only(custom.resources, "aws:lambda/function:Function").inputs.memorySize, 512);
        assert.deepEqual(only(custom.resources, "aws:apigatewayv2/stage:Stage").inputs.defaultRouteSettings, {
            throttlingBurstLimit: 20,
            throttlingRateLimit: 10,
        });
    });
});
