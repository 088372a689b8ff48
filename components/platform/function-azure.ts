import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { toArchive } from "./archive";
import { assignAzureRole, AZURE_ROLES } from "./azure-roles";
import { bundleFunction } from "./bundle";
import { DEFAULT_LOG_RETENTION_DAYS, DEFAULT_MAX_INSTANCES, functionEnvironment, validateFunctionArgs } from "./function-settings";
import { azureDnsName, azureStorageAccountName, packagedFunctionName } from "./naming";
import { FunctionArgs, HostedFunction } from "./types";

export interface AzureFunctionArgs extends FunctionArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the resource group's location */
    readonly location?: pulumi.Input<string>;
    /**
     * Integrate the app into this subnet (regional VNet integration), so it reaches private
     * endpoints and VNet-injected services. Flex Consumption needs a subnet delegated to
     * `Microsoft.App/environments`, used by no other plan.
     * @default none: outbound traffic leaves from Azure's shared addresses
     */
    readonly virtualNetworkSubnetId?: pulumi.Input<string>;
}

/** The children of one Flex Consumption function app. */
export interface AzureFunctionApp extends HostedFunction {
    readonly app: azn.web.WebApp;
    readonly plan: azn.web.AppServicePlan;
    readonly storageAccount: azn.storage.StorageAccount;
    readonly deploymentContainer: azn.storage.BlobContainer;
    readonly packageBlob: azn.storage.Blob;
    /** Storage Blob Data Owner for the app's identity on its own storage account (host storage + package). */
    readonly storageAccess: azn.authorization.RoleAssignment;
    /** Where the app's logs and traces are kept, with the retention. */
    readonly logWorkspace: azn.operationalinsights.Workspace;
    /** Application Insights on that workspace; the app writes to it with its identity (no key). */
    readonly insights: azn.applicationinsights.Component;
    /** Monitoring Metrics Publisher for the app's identity on its own Application Insights only. */
    readonly telemetryAccess: azn.authorization.RoleAssignment;
    /** Object id of the app's system-assigned identity, for the pattern's own role assignments. */
    readonly principalId: pulumi.Output<string>;
    /** `https://<app>.azurewebsites.net`, no trailing slash. */
    readonly url: pulumi.Output<string>;
}

/** Flex Consumption limits; instance memory comes in fixed sizes. */
export const AZURE_FUNCTION_LIMITS = {
    cloud: Cloud.Azure,
    memoryMb: [128, 4096],
    timeoutSeconds: [1, 3600],
    maxInstances: [1, 1000],
} as const;
export const FLEX_INSTANCE_MEMORY_MB = [512, 2048, 4096] as const;

/** The name Flex Consumption's one-deploy gives the package in the deployment container; the app loads it from there. */
export const FLEX_PACKAGE_BLOB = "released-package.zip";
const DEPLOYMENT_CONTAINER = "app-package";

/** The smallest Flex instance size that holds `memoryMb`. */
export function flexInstanceMemory(memoryMb: number): number {
    return FLEX_INSTANCE_MEMORY_MB.find((size) => size >= memoryMb) ?? FLEX_INSTANCE_MEMORY_MB[FLEX_INSTANCE_MEMORY_MB.length - 1];
}

/** Log Analytics keeps data 30..730 days on the pay-per-GB tier; the retention asked for is brought into that range. */
export function workspaceRetentionDays(days: number): number {
    return Math.min(730, Math.max(30, days));
}

/** `hh:mm:ss`, the format of host.json's functionTimeout. */
function timeSpan(seconds: number): string {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

/**
 * A function app on the Flex Consumption plan (FC1, Linux, Node 22), after Microsoft's
 * `function-app-flex-managed-identities` quickstart: a StorageV2 account (TLS 1.2, no public blobs,
 * HTTPS only) holding the package in a private deployment container, the app reading it and its
 * host storage with its system-assigned identity (Storage Blob Data Owner on that account only).
 * Logs go to Application Insights on a Log Analytics workspace with retention, written with the
 * app's identity (local auth off). With `virtualNetworkSubnetId` the app's outbound calls to
 * private addresses go through that subnet. Children: `${name}-storage`, `-deployments`, `-package`, `-plan`,
 * `-logs`, `-insights`, `-app`, `-storage-access`, `-telemetry-access`.
 */
export function createAzureFunctionApp(name: string, args: AzureFunctionArgs, opts: pulumi.CustomResourceOptions): AzureFunctionApp {
    const owner = `${name} (Azure Functions)`;
    validateFunctionArgs(owner, args, AZURE_FUNCTION_LIMITS);
    const { resourceGroupName, location, tags } = args;
    const bundle = bundleFunction(args.bundle, Cloud.Azure, packagedFunctionName(name));

    const storageAccount = new azn.storage.StorageAccount(
        `${name}-storage`,
        {
            accountName: azureStorageAccountName(name),
            resourceGroupName,
            location,
            kind: azn.storage.Kind.StorageV2,
            sku: { name: azn.storage.SkuName.Standard_LRS },
            minimumTlsVersion: azn.storage.MinimumTlsVersion.TLS1_2,
            allowBlobPublicAccess: false,
            enableHttpsTrafficOnly: true,
            // Shared keys stay enabled only because azure-native's Blob resource uploads the package
            // with the account key (pulumi/pulumi-azure-native#2015); the app itself uses its identity.
            allowSharedKeyAccess: true,
            encryption: {
                keySource: azn.storage.KeySource.Microsoft_Storage,
                services: { blob: { enabled: true, keyType: azn.storage.KeyType.Account } },
            },
            tags,
        },
        opts,
    );
    const deploymentContainer = new azn.storage.BlobContainer(
        `${name}-deployments`,
        {
            accountName: storageAccount.name,
            resourceGroupName,
            containerName: DEPLOYMENT_CONTAINER,
            publicAccess: azn.storage.PublicAccess.None,
        },
        opts,
    );
    const packageBlob = new azn.storage.Blob(
        `${name}-package`,
        {
            accountName: storageAccount.name,
            resourceGroupName,
            containerName: deploymentContainer.name,
            blobName: FLEX_PACKAGE_BLOB,
            type: azn.storage.BlobType.Block,
            contentType: "application/zip",
            source: toArchive(bundle),
        },
        opts,
    );
    const plan = new azn.web.AppServicePlan(
        `${name}-plan`,
        {
            // 1-60 letters, digits, hyphens: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftweb
            name: azureDnsName(`${name}-plan`, 60),
            resourceGroupName,
            location,
            kind: "functionapp",
            reserved: true,
            sku: { name: "FC1", tier: "FlexConsumption" },
            tags,
        },
        opts,
    );

    const logWorkspace = new azn.operationalinsights.Workspace(
        `${name}-logs`,
        {
            // 4-63 letters, digits, hyphens: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftoperationalinsights
            workspaceName: azureDnsName(`${name}-logs`, 63),
            resourceGroupName,
            location,
            sku: { name: azn.operationalinsights.WorkspaceSkuNameEnum.PerGB2018 },
            retentionInDays: workspaceRetentionDays(args.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS),
            tags,
        },
        opts,
    );
    const insights = new azn.applicationinsights.Component(
        `${name}-insights`,
        {
            resourceGroupName,
            location,
            kind: "web",
            applicationType: azn.applicationinsights.ApplicationType.Web,
            ingestionMode: azn.applicationinsights.IngestionMode.LogAnalytics,
            workspaceResourceId: logWorkspace.id,
            disableLocalAuth: true,
            tags,
        },
        opts,
    );

    const environment = functionEnvironment(owner, args);
    const appSettings: Record<string, pulumi.Input<string>> = {
        // Identity-based host storage: no connection string, no key.
        AzureWebJobsStorage__accountName: storageAccount.name,
        AzureFunctionsJobHost__functionTimeout: timeSpan(args.timeoutSeconds),
        APPLICATIONINSIGHTS_CONNECTION_STRING: insights.connectionString,
        // The system-assigned identity authenticates telemetry (the component refuses keys).
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Authorization=AAD",
        // Flex does not notice a new package blob by itself; a changed setting restarts the app onto it.
        CLOUD_PATTERNS_PACKAGE_HASH: bundle.hash,
        ...environment,
    };
    const app = new azn.web.WebApp(
        `${name}-app`,
        {
            name: azureDnsName(name, 60),
            resourceGroupName,
            location,
            kind: "functionapp,linux",
            serverFarmId: plan.id,
            httpsOnly: true,
            virtualNetworkSubnetId: args.virtualNetworkSubnetId,
            identity: { type: azn.web.ManagedServiceIdentityType.SystemAssigned },
            siteConfig: {
                minTlsVersion: azn.web.SupportedTlsVersions.SupportedTlsVersions_1_2,
                scmMinTlsVersion: azn.web.SupportedTlsVersions.SupportedTlsVersions_1_2,
                ftpsState: azn.web.FtpsState.Disabled,
                http20Enabled: true,
                appSettings: Object.entries(appSettings).map(([settingName, value]) => ({ name: settingName, value })),
            },
            functionAppConfig: {
                deployment: {
                    storage: {
                        type: azn.web.FunctionsDeploymentStorageType.BlobContainer,
                        value: pulumi.interpolate`${storageAccount.primaryEndpoints.blob}${deploymentContainer.name}`,
                        authentication: { type: azn.web.AuthenticationType.SystemAssignedIdentity },
                    },
                },
                // Node 24, GA on Flex Consumption (Node 22 is the last for Linux Consumption):
                // https://learn.microsoft.com/azure/azure-functions/supported-languages?pivots=programming-language-javascript
                runtime: { name: azn.web.RuntimeName.Node, version: "24" },
                scaleAndConcurrency: {
                    maximumInstanceCount: args.maxInstances ?? DEFAULT_MAX_INSTANCES,
                    instanceMemoryMB: flexInstanceMemory(args.memoryMb),
                },
            },
            tags,
        },
        pulumi.mergeOptions(opts, { dependsOn: [packageBlob] }),
    );

    const principalId = app.identity.apply((identity) => {
        if (!identity?.principalId) throw new Error(`${owner}: the function app has no system-assigned identity principal`);
        return identity.principalId;
    });
    const storageAccess = assignAzureRole(
        `${name}-storage-access`,
        { principalId, roleDefinitionGuid: AZURE_ROLES.storageBlobDataOwner, scope: storageAccount.id },
        opts,
    );
    const telemetryAccess = assignAzureRole(
        `${name}-telemetry-access`,
        { principalId, roleDefinitionGuid: AZURE_ROLES.monitoringMetricsPublisher, scope: insights.id },
        opts,
    );
    return {
        app,
        logWorkspace,
        insights,
        telemetryAccess,
        plan,
        storageAccount,
        deploymentContainer,
        packageBlob,
        storageAccess,
        functionName: app.name,
        principalId,
        url: pulumi.interpolate`https://${app.defaultHostName}`,
    };
}
