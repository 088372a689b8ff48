import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";

export interface ServiceBusNamespaceArgs {
    readonly namespaceName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string> | undefined;
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * A Service Bus namespace for a component's queues: Standard (duplicate detection and forwarding
 * need it), TLS 1.2, local auth off, so senders and receivers sign in with their identities and
 * data-plane roles on one queue each.
 */
export function createServiceBusNamespace(
    name: string,
    args: ServiceBusNamespaceArgs,
    opts: pulumi.CustomResourceOptions,
): azn.servicebus.Namespace {
    return new azn.servicebus.Namespace(
        name,
        {
            namespaceName: args.namespaceName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            sku: { name: "Standard", tier: "Standard" },
            minimumTlsVersion: "1.2",
            disableLocalAuth: true,
            tags: args.tags,
        },
        opts,
    );
}
