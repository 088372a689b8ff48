import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./function-settings";

/** Built-in Azure role definition ids (the same GUID in every subscription). */
export const AZURE_ROLES = {
    storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
    serviceBusDataOwner: "090c5cfd-751d-490a-894a-3ce6f1109419",
    serviceBusDataSender: "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
    serviceBusDataReceiver: "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
    keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    eventGridDataSender: "d5a91429-5739-47e2-a06b-3470a27159e7",
    monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
    searchServiceContributor: "7ca78c08-252a-4471-8644-bb5ff32d4ba0",
    searchIndexDataContributor: "8ebe5a00-799e-43f5-93ac-243d3dce84a7",
    searchIndexDataReader: "1407120a-92aa-4202-b7e9-c0e197c71c8f",
    /** Reads a Cosmos DB account's metadata (not its data): AI Search's indexer needs it beside the data plane's reader role. */
    cosmosDbAccountReader: "fbdf93bf-df7d-467e-a4d2-9458aa1360c8",
} as const;

export interface AzureRoleAssignmentArgs {
    /** Object id of the identity (a function app's `principalId`). */
    readonly principalId: pulumi.Input<string>;
    /** GUID of the role definition, e.g. {@link AZURE_ROLES}`.storageBlobDataOwner`. */
    readonly roleDefinitionGuid: string;
    /** ARM id of the one resource the role applies to (never a resource group or subscription). */
    readonly scope: pulumi.Input<string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ONE_RESOURCE = /\/providers\/[^/]+\/[^/]+\/[^/]+/;

/**
 * A role assignment of one role to one managed identity on one resource. `principalType` is set so
 * Azure does not wait for the new identity to replicate before accepting the assignment.
 */
export function assignAzureRole(
    name: string,
    args: AzureRoleAssignmentArgs,
    opts: pulumi.CustomResourceOptions,
): azn.authorization.RoleAssignment {
    if (!GUID.test(args.roleDefinitionGuid)) {
        throw new Error(`${name}: roleDefinitionGuid must be a role definition GUID (see AZURE_ROLES), got '${args.roleDefinitionGuid}'`);
    }
    const checkScope = (id: string): string => {
        if (!ONE_RESOURCE.test(id)) {
            throw new Error(`${name}: scope must be the ARM id of one resource (.../providers/<namespace>/<type>/<name>), got '${id}'`);
        }
        return id;
    };
    // A literal scope is checked now; a resource's id when it is known.
    const scope = typeof args.scope === "string" ? checkScope(args.scope) : pulumi.output(args.scope).apply(checkScope);
    const client = azn.authorization.getClientConfigOutput(invokeOptions(opts));
    return new azn.authorization.RoleAssignment(
        name,
        {
            principalId: args.principalId,
            principalType: azn.authorization.PrincipalType.ServicePrincipal,
            roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${args.roleDefinitionGuid}`,
            scope,
        },
        opts,
    );
}
