import { createGcpFunction, GcpFunction } from "../platform/function-gcp";
import { API_GATEWAY_APIS, enableGcpApis, FUNCTION_APIS } from "../platform/gcp-apis";
import { createGcpApiGateway, GcpApiGateway } from "../platform/http-gcp";
import type { GatewayAggregationImplementation, GatewayAggregationOutputs } from "./outputs";

/** Gateway Aggregation on GCP: API Gateway (OpenAPI with `x-google-backend`) in front of a Cloud Function gen2. */
export interface GcpGatewayAggregation extends GatewayAggregationOutputs {
    /** The aggregator Cloud Function, its source bucket and object, and its service account. */
    readonly function: GcpFunction;
    /** The API, its OpenAPI config and gateway, and the identity the gateway invokes the function as. */
    readonly apiGateway: GcpApiGateway;
}

export const createGcpGatewayAggregation: GatewayAggregationImplementation<GcpGatewayAggregation> = (name, resolved, componentOpts) => {
    const { region } = resolved.gcp;
    const { opts } = enableGcpApis(name, [...FUNCTION_APIS, ...API_GATEWAY_APIS], resolved.gcp.enableApis, componentOpts);
    const fn = createGcpFunction(name, { ...resolved.function, region }, opts);
    const apiGateway = createGcpApiGateway(
        name,
        {
            routes: [resolved.route.key],
            fn: fn.function,
            region,
            timeoutSeconds: Math.ceil(resolved.frontDoorTimeoutMs / 1000),
            labels: resolved.tags,
        },
        opts,
    );
    return { function: fn, apiGateway, functionName: fn.functionName, url: apiGateway.url };
};
