import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";

/** Where a pattern's Azure children go: the args' `azure.resourceGroupName` and `azure.location`. */
export interface AzurePlacementArgs {
    /** An existing resource group; @default one created for the component */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
}

export interface AzurePlacement {
    /** Created only when no `resourceGroupName` was given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly resourceGroupName: pulumi.Output<string>;
    /** The given location, else the created group's; undefined leaves it to the provider. */
    readonly location: pulumi.Input<string> | undefined;
}

/** The given resource group, or `${name}-rg` created in the given location with the pattern's tags. */
export function azureResourceGroup(
    name: string,
    placement: AzurePlacementArgs,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): AzurePlacement {
    const { resourceGroupName, location } = placement;
    if (resourceGroupName !== undefined) return { resourceGroupName: pulumi.output(resourceGroupName), location };
    const resourceGroup = new azn.resources.ResourceGroup(`${name}-rg`, { location, tags }, opts);
    return { resourceGroup, resourceGroupName: resourceGroup.name, location: location ?? resourceGroup.location };
}
