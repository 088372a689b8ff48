import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { AZURE_FUNCTION_LIMITS, AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { validateFunctionArgs } from "../platform/function-settings";
import { ApimFront, createApimFront } from "../platform/http-azure";
import type { GatewayAggregationImplementation, GatewayAggregationOutputs } from "./index";

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

export const createAzureGatewayAggregation: GatewayAggregationImplementation<AzureGatewayAggregation> = (name, plan, opts) => {
    // The function's limits are checked before the resource group, so a bad size creates nothing.
    validateFunctionArgs(`${name} (Azure Functions)`, plan.function, AZURE_FUNCTION_LIMITS);
    const { location, resourceGroupName: given } = plan.azure;
    let resourceGroup: azn.resources.ResourceGroup | undefined;
    let resourceGroupName: pulumi.Output<string>;
    if (given === undefined) {
        resourceGroup = new azn.resources.ResourceGroup(`${name}-rg`, { location, tags: plan.tags }, opts);
        resourceGroupName = resourceGroup.name;
    } else {
        resourceGroupName = pulumi.output(given);
    }
    const fn = createAzureFunctionApp(name, { ...plan.function, resourceGroupName, location }, opts);
    const apim = createApimFront(
        name,
        {
            resourceGroupName,
            location,
            routes: [plan.route.key],
            app: fn.app,
            publisherEmail: plan.azure.publisherEmail,
            publisherName: plan.azure.publisherName,
            timeoutSeconds: Math.ceil(plan.frontDoorTimeoutMs / 1000),
            tags: plan.tags,
        },
        opts,
    );
    return { resourceGroup, resourceGroupName, function: fn, apim, functionName: fn.functionName, url: apim.url };
};
