import { AwsFunction, createAwsFunction } from "../platform/function-aws";
import { AwsHttpApi, createAwsHttpApi } from "../platform/http-aws";
import type { GatewayAggregationImplementation, GatewayAggregationOutputs } from "./outputs";
import { callerKeyOutput } from "../platform/front-door-auth";

/** Gateway Aggregation on AWS: an API Gateway HTTP API (payload 2.0) in front of a Lambda function. */
export interface AwsGatewayAggregation extends GatewayAggregationOutputs {
    /** The aggregator Lambda, its role and log group. */
    readonly function: AwsFunction;
    /** The HTTP API, its route, integration, stage, access logs and invoke permission. */
    readonly httpApi: AwsHttpApi;
}

export const createAwsGatewayAggregation: GatewayAggregationImplementation<AwsGatewayAggregation> = (name, resolved, opts) => {
    const fn = createAwsFunction(name, resolved.function, opts);
    const httpApi = createAwsHttpApi(
        name,
        {
            routes: [resolved.route.key],
            fn: fn.function,
            timeoutMs: resolved.frontDoorTimeoutMs,
            throttle: { rateLimit: resolved.aws.throttlingRateLimit, burstLimit: resolved.aws.throttlingBurstLimit },
            tags: resolved.tags,
            logRetentionDays: resolved.function.logRetentionDays,
            auth: resolved.auth,
        },
        opts,
    );
    return { function: fn, httpApi, functionName: fn.functionName, url: httpApi.url, apiKey: callerKeyOutput(undefined) };
};
