import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { azureDeadLetterAlarm } from "../platform/dead-letter-alarm-azure";
import { azureStorageAccountName } from "../platform/naming";
import type { ResolvedEventSourcingArgs } from "./resolve";

export const POISON_CONTAINER = "poison";

/** Where the Azure publisher keeps change-feed documents it cannot publish, and the alarm on it. */
export interface AzurePoisonStore {
    readonly account: azn.storage.StorageAccount;
    readonly container: azn.storage.BlobContainer;
    /** `https://<account>.blob.core.windows.net/poison` */
    readonly containerUrl: pulumi.Output<string>;
    /** Fires on any blob written: the account holds nothing but poison documents. */
    readonly alarm: azn.monitor.MetricAlert;
}

/** What the store takes of a component's resolved args (an EventSourcing's; a Cqrs's for Event Grid's undelivered events). */
export type PoisonStoreArgs = Pick<ResolvedEventSourcingArgs, "tags" | "alarmNotify"> & {
    readonly azure: Pick<ResolvedEventSourcingArgs["azure"], "location">;
};

/**
 * A storage account of its own (private, TLS 1.2, HTTPS only, Entra ID only: shared keys off,
 * encrypted at rest) with one private container. Capacity metrics (blob count) come hourly at
 * best, so the alarm watches the Put Blob transactions instead, per minute: in this account every
 * one is a document set aside.
 */
export function azurePoisonStore(
    name: string,
    resolved: PoisonStoreArgs,
    resourceGroupName: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AzurePoisonStore {
    const account = new azn.storage.StorageAccount(
        `${name}-poison`,
        {
            accountName: azureStorageAccountName(`${name}-poison`),
            resourceGroupName,
            location: resolved.azure.location,
            kind: azn.storage.Kind.StorageV2,
            sku: { name: azn.storage.SkuName.Standard_LRS },
            minimumTlsVersion: azn.storage.MinimumTlsVersion.TLS1_2,
            allowBlobPublicAccess: false,
            enableHttpsTrafficOnly: true,
            allowSharedKeyAccess: false,
            encryption: {
                keySource: azn.storage.KeySource.Microsoft_Storage,
                services: { blob: { enabled: true, keyType: azn.storage.KeyType.Account } },
            },
            tags: resolved.tags,
        },
        opts,
    );
    const container = new azn.storage.BlobContainer(
        `${name}-poison-documents`,
        { accountName: account.name, resourceGroupName, containerName: POISON_CONTAINER, publicAccess: azn.storage.PublicAccess.None },
        opts,
    );
    const alarm = azureDeadLetterAlarm(
        `${name}-poison-alarm`,
        {
            resourceId: account.id,
            metricNamespace: "Microsoft.Storage/storageAccounts",
            metricName: "Transactions",
            timeAggregation: "Total",
            dimensions: [{ name: "ApiName", values: ["PutBlob"] }],
        },
        resolved.alarmNotify,
        resourceGroupName,
        resolved.tags,
        opts,
    );
    const containerUrl = pulumi.interpolate`${account.primaryEndpoints.blob}${POISON_CONTAINER}`;
    return { account, container, containerUrl, alarm };
}
