/**
 * Azure Database for PostgreSQL Flexible Server in a delegated subnet (public access disabled),
 * Microsoft Entra auth only, one function app's managed identity its Entra administrator: the
 * building block of every pattern with a PostgreSQL store on Azure (Event Sourcing, Sharding).
 */
import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { invokeOptions } from "./function-settings";

/** The private network of the server: the args Event Sourcing documents (EventSourcingAzurePostgresArgs). */
export interface AzurePostgresNetworkArgs {
    readonly delegatedSubnetId: pulumi.Input<string>;
    readonly privateDnsZoneId: pulumi.Input<string>;
}

export interface AzurePostgresServerArgs {
    /** The server's DNS name: `<serverName>.postgres.database.azure.com`. */
    readonly serverName: string;
    readonly resourceGroupName: pulumi.Input<string>;
    /** @default the resource group's */
    readonly location?: pulumi.Input<string>;
    readonly network: AzurePostgresNetworkArgs;
    readonly databaseName: string;
    /** Days of backups; the service keeps at least 7. */
    readonly backupRetentionDays: number;
    /** The managed identity that administers the server, and the PostgreSQL role it signs in as. */
    readonly administrator: { readonly principalId: pulumi.Input<string>; readonly principalName: string };
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface AzurePostgresServer {
    readonly server: azn.dbforpostgresql.Server;
    readonly database: azn.dbforpostgresql.Database;
    readonly administrator: azn.dbforpostgresql.Administrator;
}

/** The host a client connects to (the private DNS zone resolves it to the server's private address). */
export const azurePostgresHost = (serverName: string) => `${serverName}.postgres.database.azure.com`;

/**
 * PostgreSQL 16 on the smallest burstable tier (storage encrypted at rest by the service), its one
 * database, and the identity as its Entra administrator; no passwords. Children: `${name}`,
 * `${name}-database`, `${name}-admin`.
 */
export function createAzurePostgresServer(
    name: string,
    args: AzurePostgresServerArgs,
    opts: pulumi.CustomResourceOptions,
): AzurePostgresServer {
    const client = azn.authorization.getClientConfigOutput(invokeOptions(opts));
    const { resourceGroupName } = args;
    const server = new azn.dbforpostgresql.Server(
        name,
        {
            serverName: args.serverName,
            resourceGroupName,
            location: args.location,
            version: "16",
            // The smallest burstable tier; storage is encrypted at rest by the service.
            sku: { name: "Standard_B1ms", tier: "Burstable" },
            storage: { storageSizeGB: 32, autoGrow: "Enabled" },
            backup: { backupRetentionDays: Math.max(7, args.backupRetentionDays), geoRedundantBackup: "Disabled" },
            network: {
                delegatedSubnetResourceId: args.network.delegatedSubnetId,
                privateDnsZoneArmResourceId: args.network.privateDnsZoneId,
                publicNetworkAccess: "Disabled",
            },
            // No passwords: the function signs in with its managed identity's token.
            authConfig: { activeDirectoryAuth: "Enabled", passwordAuth: "Disabled", tenantId: client.tenantId },
            tags: args.tags,
        },
        opts,
    );
    const database = new azn.dbforpostgresql.Database(
        `${name}-database`,
        { serverName: server.name, resourceGroupName, databaseName: args.databaseName, charset: "UTF8" },
        opts,
    );
    const administrator = new azn.dbforpostgresql.Administrator(
        `${name}-admin`,
        {
            serverName: server.name,
            resourceGroupName,
            objectId: args.administrator.principalId,
            principalName: args.administrator.principalName,
            principalType: "ServicePrincipal",
            tenantId: client.tenantId,
        },
        opts,
    );
    return { server, database, administrator };
}
