/**
 * Azure: API Management (Consumption) -> function app (Flex Consumption), the legacy
 * credentials in a Key Vault using Azure RBAC, and Key Vault Secrets User for the app's
 * identity on that one secret (not the vault).
 */
import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { assignAzureRole, AZURE_ROLES } from "../platform/azure-roles";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { ApimFront, createApimFront } from "../platform/http-azure";
import { invokeOptions } from "../platform/function-settings";
import { azureStorageAccountName } from "../platform/naming";
import type { AntiCorruptionLayerImplementation, AntiCorruptionLayerOutputs } from "./outputs";
import type { ResolvedAntiCorruptionLayerArgs } from "./resolve";
import { callerKeyOutput } from "../platform/front-door-auth";

/** The Key Vault secret's name; one vault per layer, so it need not be unique beyond it. */
const SECRET_NAME = "legacy-credentials";

export interface AzureAntiCorruptionLayer extends AntiCorruptionLayerOutputs {
    /** Present when the component created the resource group. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly apim: ApimFront;
    readonly functionApp: AzureFunctionApp;
    readonly vault?: azn.keyvault.Vault;
    readonly credentialsSecret?: azn.keyvault.Secret;
    /** Key Vault Secrets User for the app's identity, scoped to the secret. */
    readonly secretAccess?: azn.authorization.RoleAssignment;
}

export const createAzureAntiCorruptionLayer: AntiCorruptionLayerImplementation<AzureAntiCorruptionLayer> = (
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    opts: pulumi.CustomResourceOptions,
) => {
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, resolved.tags, opts);

    const store = resolved.credentials && storeCredentials(name, resolved, resolved.credentials, resourceGroupName, location, opts);
    const functionApp = createAzureFunctionApp(
        `${name}-translator`,
        {
            ...resolved.function,
            bundle: resolved.bundle,
            resourceGroupName,
            location,
            settings: resolved.settings(store && { provider: "azure", vaultUrl: store.vaultUrl, secretName: SECRET_NAME }),
        },
        opts,
    );
    const secretAccess =
        store &&
        assignAzureRole(
            `${name}-secret-access`,
            { principalId: functionApp.principalId, roleDefinitionGuid: AZURE_ROLES.keyVaultSecretsUser, scope: store.secret.id },
            opts,
        );
    const apim = createApimFront(
        `${name}-front`,
        {
            resourceGroupName,
            location,
            routes: resolved.routes.map((r) => r.key),
            app: functionApp.app,
            hostStorageAccess: functionApp.storageAccess,
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
        apim,
        functionApp,
        vault: store?.vault,
        credentialsSecret: store?.secret,
        secretAccess,
        functionName: functionApp.functionName,
        url: apim.url,
        apiKey: callerKeyOutput(apim.apiKey),
    };
};

function storeCredentials(
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    credentials: pulumi.Output<string>,
    resourceGroupName: pulumi.Input<string>,
    location: pulumi.Input<string> | undefined,
    opts: pulumi.CustomResourceOptions,
) {
    const client = azn.authorization.getClientConfigOutput(invokeOptions(opts));
    const vault = new azn.keyvault.Vault(
        `${name}-vault`,
        {
            vaultName: azureStorageAccountName(`${name}-vault`),
            resourceGroupName,
            location,
            properties: {
                tenantId: client.tenantId,
                sku: { family: azn.keyvault.SkuFamily.A, name: azn.keyvault.SkuName.Standard },
                // Azure RBAC instead of access policies, so access is granted per secret.
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: 7,
                // Flex Consumption without a VNet reaches the vault over its public endpoint; access is still RBAC-only.
                publicNetworkAccess: "Enabled",
                networkAcls: {
                    defaultAction: azn.keyvault.NetworkRuleAction.Allow,
                    bypass: azn.keyvault.NetworkRuleBypassOptions.AzureServices,
                },
            },
            tags: resolved.tags,
        },
        opts,
    );
    const secret = new azn.keyvault.Secret(
        `${name}-credentials`,
        {
            resourceGroupName,
            vaultName: vault.name,
            secretName: SECRET_NAME,
            properties: { value: credentials, contentType: "application/json" },
            tags: resolved.tags,
        },
        opts,
    );
    const vaultUrl = vault.properties.apply((p) => {
        if (!p.vaultUri) throw new Error(`${name}: the Key Vault has no vaultUri`);
        return p.vaultUri;
    });
    return { vault, secret, vaultUrl };
}
