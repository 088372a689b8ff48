import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { AZURE_FUNCTION_LIMITS, AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { validateFunctionArgs } from "../platform/function-settings";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { ApimFront, createApimFront } from "../platform/http-azure";
import type { GatewayAggregationImplementation, GatewayAggregationOutputs } from "./outputs";
import { callerKeyOutput } from "../platform/front-door-auth";

/** Gateway Aggregation on Azure: API Management (Consumption) in front of a Flex Consumption function app. */
export interface AzureGatewayAggregation extends GatewayAggregationOutputs {
    /** Created only when `azure.resourceGroupName` is not given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly resourceGroupName: pulumi.Output<string>;
    /** The aggregator function app and its storage, plan and role assignment. */
    readonly function: AzureFunctionApp;
    /** API Management: the service, API, operation, function-key named value and policy. */
    readonly apim: ApimFront;
}

export const createAzureGatewayAggregation: GatewayAggregationImplementation<AzureGatewayAggregation> = (name, resolved, opts) => {
    // The function's limits are checked before the resource group, so a bad size creates nothing.
    validateFunctionArgs(`${name} (Azure Functions)`, resolved.function, AZURE_FUNCTION_LIMITS);
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, resolved.tags, opts);
    const fn = createAzureFunctionApp(name, { ...resolved.function, resourceGroupName, location }, opts);
    const apim = createApimFront(
        name,
        {
            resourceGroupName,
            location,
            routes: [resolved.route.key],
            app: fn.app,
            hostStorageAccess: fn.storageAccess,
            publisherEmail: resolved.azure.publisherEmail,
            publisherName: resolved.azure.publisherName,
            timeoutSeconds: Math.ceil(resolved.frontDoorTimeoutMs / 1000),
            tags: resolved.tags,
            auth: resolved.auth,
        },
        opts,
    );
    return {
        resourceGroup,
        resourceGroupName,
        function: fn,
        apim,
        functionName: fn.functionName,
        url: apim.url,
        apiKey: callerKeyOutput(apim.apiKey),
    };
};
