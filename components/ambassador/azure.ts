import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { AzureContainerApp, createAzureContainerApp } from "../platform/container-azure";
import { ambassadorService } from "./containers";
import type { AmbassadorImplementation, AmbassadorOutputs } from "./outputs";

/**
 * The Ambassador on Azure: a container app running the app with Dapr on, and Envoy as a second
 * container carrying every upstream's policy. Dapr cannot: Container Apps' Dapr component list
 * has no `bindings.http` and rejects Dapr Configuration specs, so Dapr reaches no external API
 * (azure-docs, dapr-support-policy, 2024-04-22), and `AppResiliency` applies only between
 * container apps. Dapr stays on for calls to sibling apps in the environment.
 */
export interface AzureAmbassador extends AmbassadorOutputs {
    /** Created only when `azure.resourceGroupName` is not given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly containerApp: AzureContainerApp;
}

export const createAzureAmbassador: AmbassadorImplementation<AzureAmbassador> = (name, resolved, opts) => {
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, resolved.tags, opts);
    const containerApp = createAzureContainerApp(name, { ...ambassadorService(resolved), resourceGroupName, location, dapr: true }, opts);
    return {
        resourceGroup,
        containerApp,
        url: containerApp.url,
        serviceName: containerApp.serviceName,
        sidecarConfig: pulumi.output(resolved.sidecar.bootstrap),
    };
};
