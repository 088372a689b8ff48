import { strict as assert } from "node:assert";
import { PUBLIC } from "../../components/platform/front-door-auth";
import { createAwsFunction } from "../../components/platform/function-aws";
import { AwsHttpApiArgs, createAwsHttpApi } from "../../components/platform/http-aws";
import { evaluate, valueOf } from "../../plan/mock-cloud";
import { ofType, only } from "../support/resources";
import { childrenOf, functionArgs, Host } from "./fixture";

const TAGS = { "managed-by": "cloud-patterns", pattern: "gateway-aggregation" };
const ROUTES = ["GET /aggregate/{id}", "POST /orders"];

function deploy(overrides: Partial<Omit<AwsHttpApiArgs, "fn">> = {}) {
    return evaluate(() => {
        const host = new Host("gw");
        const fn = createAwsFunction("gw-fn", functionArgs(), { parent: host });
        return createAwsHttpApi(
            "gw-http",
            {
                routes: ROUTES,
                fn: fn.function,
                timeoutMs: 5000,
                throttle: { burstLimit: 50, rateLimit: 100 },
                tags: TAGS,
                auth: PUBLIC,
                ...overrides,
            },
            { parent: host },
        );
    });
}

describe("createAwsHttpApi", () => {
    it("creates exactly an HTTP API, one integration, a route per key, the stage, its access logs and the invoke permission", async () => {
        const { resources } = await deploy();
        assert.deepEqual(childrenOf(resources, "gw-http-"), [
            "aws:apigatewayv2/api:Api gw-http-api",
            "aws:apigatewayv2/integration:Integration gw-http-integration",
            "aws:apigatewayv2/route:Route gw-http-route-get-aggregate-id",
            "aws:apigatewayv2/route:Route gw-http-route-post-orders",
            "aws:apigatewayv2/stage:Stage gw-http-stage",
            "aws:cloudwatch/logGroup:LogGroup gw-http-access-logs",
            "aws:lambda/permission:Permission gw-http-invoke-permission",
        ]);
    });

    it("wires every route to the one Lambda proxy integration (payload 2.0, the timeout given)", async () => {
        const { resources } = await deploy();
        const api = only(resources, "aws:apigatewayv2/api:Api");
        assert.equal(api.inputs.protocolType, "HTTP");
        const fnName = only(resources, "aws:lambda/function:Function").inputs.name;
        const integration = only(resources, "aws:apigatewayv2/integration:Integration");
        assert.deepEqual(integration.inputs, {
            apiId: "gw-http-api-id",
            integrationType: "AWS_PROXY",
            integrationMethod: "POST",
            integrationUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fnName}/invocations`,
            payloadFormatVersion: "2.0",
            timeoutMilliseconds: 5000,
        });
        assert.deepEqual(
            ofType(resources, "aws:apigatewayv2/route:Route")
                .map((r) => r.inputs)
                .sort((a, b) => (a.routeKey < b.routeKey ? -1 : 1)),
            [
                { apiId: "gw-http-api-id", routeKey: "GET /aggregate/{id}", target: "integrations/gw-http-integration-id" },
                { apiId: "gw-http-api-id", routeKey: "POST /orders", target: "integrations/gw-http-integration-id" },
            ],
        );
    });

    it("lets only this API invoke the function", async () => {
        const { resources } = await deploy();
        const fnName = only(resources, "aws:lambda/function:Function").inputs.name;
        assert.deepEqual(only(resources, "aws:lambda/permission:Permission").inputs, {
            action: "lambda:InvokeFunction",
            function: fnName,
            principal: "apigateway.amazonaws.com",
            sourceArn: "arn:aws:execute-api:us-east-1:123456789012:gw-http-api-id/*/*",
        });
    });

    it("auto-deploys the $default stage with throttling and JSON access logs kept for the retention", async () => {
        const { resources } = await deploy({ logRetentionDays: 14 });
        const logs = only(resources, "aws:cloudwatch/logGroup:LogGroup", "gw-http-access-logs").inputs;
        assert.equal(logs.retentionInDays, 14);
        assert.deepEqual(logs.tags, TAGS);
        const stage = only(resources, "aws:apigatewayv2/stage:Stage").inputs;
        assert.equal(stage.name, "$default");
        assert.equal(stage.autoDeploy, true);
        assert.deepEqual(stage.defaultRouteSettings, { throttlingBurstLimit: 50, throttlingRateLimit: 100 });
        assert.equal(stage.accessLogSettings.destinationArn, "arn:aws:logs:us-east-1:123456789012:log-group:gw-http-access-logs");
        const format = JSON.parse(stage.accessLogSettings.format);
        assert.equal(format.requestId, "$context.requestId");
        assert.equal(format.status, "$context.status");
        assert.equal(format.integrationError, "$context.integrationErrorMessage");
        assert.deepEqual(stage.tags, TAGS);
        assert.deepEqual(only(resources, "aws:apigatewayv2/api:Api").inputs.tags, TAGS);
    });

    it("returns the stage URL without a trailing slash", async () => {
        const { result } = await deploy();
        assert.equal(await valueOf(result.url), "https://gw-http-api-id.execute-api.us-east-1.amazonaws.com");
    });

    it("rejects a timeout outside 50..30000 ms, negative throttles and bad routes, naming what is allowed", async () => {
        await assert.rejects(
            deploy({ timeoutMs: 30001 }),
            /gw-http \(API Gateway HTTP API\): timeoutMs must be an integer from 50 to 30000 \(the HTTP API integration limit\), got 30001/,
        );
        await assert.rejects(deploy({ timeoutMs: 49 }), /got 49/);
        await assert.rejects(deploy({ throttle: { burstLimit: -1, rateLimit: 1 } }), /throttle.burstLimit must be an integer >= 0, got -1/);
        await assert.rejects(
            deploy({ throttle: { burstLimit: 1, rateLimit: -5 } }),
            /throttle.rateLimit must be a number >= 0 \(requests per second\), got -5/,
        );
        await assert.rejects(
            deploy({ routes: ["FETCH /x"] }),
            /gw-http \(API Gateway HTTP API\): route 'FETCH \/x' is not valid: method 'FETCH' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS/,
        );
    });
});
