import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { FrontDoorAuth, refuseUnenforceable } from "./front-door-auth";
import { DEFAULT_LOG_RETENTION_DAYS } from "./function-settings";
import { parseRoutes } from "./routes";
import { HttpFront, RouteKey } from "./types";
import { ArgsValidator } from "./validate";

export interface AwsHttpApiArgs {
    readonly routes: readonly RouteKey[];
    /** The Lambda function every route invokes. */
    readonly fn: aws.lambda.Function;
    /** Integration timeout, 50..30000 ms (the HTTP API maximum). */
    readonly timeoutMs: number;
    /** Stage-wide throttling: requests per second, and the burst above it. */
    readonly throttle: { readonly burstLimit: number; readonly rateLimit: number };
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Who may call every route: `none`, `iam` (AWS_IAM) or `jwt` (a JWT authorizer); `apiKey` is refused. */
    readonly auth: FrontDoorAuth;
    /** Access log retention. @default 30 */
    readonly logRetentionDays?: number;
}

/** The children of an API Gateway HTTP API in front of one function. */
export interface AwsHttpApi extends HttpFront {
    readonly api: aws.apigatewayv2.Api;
    readonly integration: aws.apigatewayv2.Integration;
    readonly routes: aws.apigatewayv2.Route[];
    /** With `jwt` auth: the JWT authorizer every route uses. */
    readonly authorizer?: aws.apigatewayv2.Authorizer;
    readonly stage: aws.apigatewayv2.Stage;
    /** Lets this API, and only this API, invoke the function. */
    readonly permission: aws.lambda.Permission;
    readonly accessLogs: aws.cloudwatch.LogGroup;
}

/** One JSON line per request; `$context` variables of HTTP APIs. */
const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    ip: "$context.identity.sourceIp",
    requestTime: "$context.requestTime",
    method: "$context.httpMethod",
    routeKey: "$context.routeKey",
    path: "$context.path",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    latencyMs: "$context.responseLatency",
    integrationLatencyMs: "$context.integrationLatency",
    integrationError: "$context.integrationErrorMessage",
});

function validate(owner: string, args: AwsHttpApiArgs): void {
    const check = new ArgsValidator(owner);
    check.integer("timeoutMs", args.timeoutMs, [50, 30_000], "the HTTP API integration limit");
    check.integer("throttle.burstLimit", args.throttle.burstLimit, [0, Infinity]);
    check.number("throttle.rateLimit", args.throttle.rateLimit, [0, Infinity], "requests per second");
    refuseUnenforceable(check, Cloud.Aws, args.auth.mode);
}

/** The route inputs that say who may call; none leaves API Gateway's default (NONE). */
function routeAuthorization(
    auth: FrontDoorAuth,
    authorizer: aws.apigatewayv2.Authorizer | undefined,
): Pick<aws.apigatewayv2.RouteArgs, "authorizationType" | "authorizerId"> {
    if (auth.mode === "iam") return { authorizationType: "AWS_IAM" };
    if (auth.mode === "jwt") return { authorizationType: "JWT", authorizerId: authorizer!.id };
    return {};
}

/**
 * An HTTP API whose routes all proxy (payload 2.0) to one Lambda function, on an auto-deployed
 * `$default` stage with throttling and JSON access logs. Who may call is `auth` on every route:
 * `iam` is `AWS_IAM` (SigV4, the caller needs `execute-api:Invoke`), `jwt` a JWT authorizer reading
 * `Authorization: Bearer`, whose keys API Gateway finds by the issuer's OpenID discovery. Children:
 * `${name}-api`, `-integration`, `-authorizer` (jwt only), `-route-<method-path>` per route,
 * `-access-logs`, `-stage`, `-invoke-permission`.
 */
export function createAwsHttpApi(name: string, args: AwsHttpApiArgs, opts: pulumi.CustomResourceOptions): AwsHttpApi {
    const owner = `${name} (API Gateway HTTP API)`;
    const routes = parseRoutes(owner, args.routes);
    validate(owner, args);
    const { tags } = args;

    const api = new aws.apigatewayv2.Api(`${name}-api`, { protocolType: "HTTP", tags }, opts);
    const integration = new aws.apigatewayv2.Integration(
        `${name}-integration`,
        {
            apiId: api.id,
            integrationType: "AWS_PROXY",
            integrationMethod: "POST",
            integrationUri: args.fn.invokeArn,
            payloadFormatVersion: "2.0",
            timeoutMilliseconds: args.timeoutMs,
        },
        opts,
    );
    const { auth } = args;
    const authorizer =
        auth.mode === "jwt"
            ? new aws.apigatewayv2.Authorizer(
                  `${name}-authorizer`,
                  {
                      apiId: api.id,
                      authorizerType: "JWT",
                      name: "jwt",
                      identitySources: ["$request.header.Authorization"],
                      jwtConfiguration: { issuer: auth.issuer, audiences: [auth.audience] },
                  },
                  opts,
              )
            : undefined;
    const routeResources = routes.map(
        (route) =>
            new aws.apigatewayv2.Route(
                `${name}-route-${route.slug}`,
                {
                    apiId: api.id,
                    routeKey: `${route.method} ${route.path}`,
                    target: pulumi.interpolate`integrations/${integration.id}`,
                    ...routeAuthorization(auth, authorizer),
                },
                opts,
            ),
    );
    const accessLogs = new aws.cloudwatch.LogGroup(
        `${name}-access-logs`,
        { retentionInDays: args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, tags },
        opts,
    );
    const stage = new aws.apigatewayv2.Stage(
        `${name}-stage`,
        {
            apiId: api.id,
            name: "$default",
            autoDeploy: true,
            defaultRouteSettings: { throttlingBurstLimit: args.throttle.burstLimit, throttlingRateLimit: args.throttle.rateLimit },
            accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
            tags,
        },
        pulumi.mergeOptions(opts, { dependsOn: routeResources }),
    );
    const permission = new aws.lambda.Permission(
        `${name}-invoke-permission`,
        {
            action: "lambda:InvokeFunction",
            function: args.fn.name,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
        },
        opts,
    );
    return {
        api,
        integration,
        routes: routeResources,
        authorizer,
        stage,
        permission,
        accessLogs,
        url: stage.invokeUrl.apply((url) => url.replace(/\/+$/, "")),
    };
}
