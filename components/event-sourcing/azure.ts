import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { cosmosBackupTier, createServerlessCosmosDatabase } from "../platform/cosmos-account";
import {
    POSTGRES_PORT,
    type CommandSettingsDocument,
    type EventGridPublisherSettingsDocument,
    type StoreDocument,
} from "../../handlers/event-sourcing/settings-document";
import { AZURE_ROLES, assignAzureRole } from "../platform/azure-roles";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { ApimFront, createApimFront } from "../platform/http-azure";
import { azurePostgresHost, AzurePostgresServer, createAzurePostgresServer } from "../platform/postgres-azure";
import { azureCosmosAccountName, azureDnsName, stableGuid } from "../platform/naming";
import type { SettingsInput } from "../platform/types";
import { AzurePoisonStore, azurePoisonStore } from "./azure-poison-store";
import { COSMOS_CONNECTION, publisherBundle } from "./functions";
import type { EventSourcingImplementation, EventSourcingOutputs } from "./outputs";
import { ResolvedEventSourcingArgs, FUNCTION_TIMEOUT_SECONDS, NAMES, ROUTES } from "./resolve";
import { callerKeyOutput } from "../platform/front-door-auth";

/** Cosmos DB serverless: the events container (partition /streamId, id = version), snapshots, leases. */
export interface AzureCosmosStore {
    readonly account: azn.cosmosdb.DatabaseAccount;
    readonly database: azn.cosmosdb.SqlResourceSqlDatabase;
    readonly events: azn.cosmosdb.SqlResourceSqlContainer;
    readonly snapshots: azn.cosmosdb.SqlResourceSqlContainer;
}

/** Change feed -> publisher function -> Event Grid topic (CloudEvents 1.0). */
export interface AzureEventPublishing {
    readonly topic: azn.eventgrid.Topic;
    readonly leases: azn.cosmosdb.SqlResourceSqlContainer;
    readonly publisher: AzureFunctionApp;
    readonly publisherCosmosAccess: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    readonly publisherTopicAccess: azn.authorization.RoleAssignment;
    /** Documents the publisher cannot publish go here, so the change feed moves on. */
    readonly poison: AzurePoisonStore;
    readonly publisherPoisonAccess: azn.authorization.RoleAssignment;
}

/** The Flexible Server (platform/postgres-azure.ts), the command app's identity its Entra administrator. */
export type AzurePostgresStore = AzurePostgresServer;

export interface AzureEventSourcing extends EventSourcingOutputs {
    /** Created only when `azure.resourceGroupName` is not given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly resourceGroupName: pulumi.Output<string>;
    readonly cosmos?: AzureCosmosStore;
    readonly postgres?: AzurePostgresStore;
    readonly publishing?: AzureEventPublishing;
    readonly command: AzureFunctionApp;
    /** Cosmos DB Built-in Data Contributor for the command app's identity, on this account only. */
    readonly commandCosmosAccess?: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    readonly apim: ApimFront;
}

/** Account and topic names are DNS names: lower case, with a hash of the logical name for uniqueness. */
const cosmosAccountName = (name: string) => azureCosmosAccountName(`${name}-events`);
const topicName = (name: string) => azureDnsName(`${name}-events`, 50);
const postgresServerName = (name: string) => azureDnsName(`${name}-events-db`, 60);

/** Cosmos DB's built-in data-plane role "Cosmos DB Built-in Data Contributor". */
export const COSMOS_DATA_CONTRIBUTOR_ROLE = "00000000-0000-0000-0000-000000000002";

export const createAzureEventSourcing: EventSourcingImplementation<AzureEventSourcing> = (name, resolved, opts) => {
    const tags = resolved.tags;
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, tags, opts);
    // Cosmos DB needs a location of its own: the given group's, when none was named.
    const cosmosLocation = location ?? azn.resources.getResourceGroupOutput({ resourceGroupName }, { parent: opts.parent }).location;
    const cosmos = resolved.store === "native" ? cosmosStore(name, resolved, resourceGroupName, cosmosLocation, opts) : undefined;
    const serverName = postgresServerName(name);
    // The PostgreSQL role the app signs in as: the name its Entra administrator entry carries.
    const postgresRole = `${name}-command`;
    const store: SettingsInput<StoreDocument> = cosmos
        ? {
              kind: "cosmos",
              endpoint: cosmos.account.documentEndpoint,
              database: NAMES.database,
              eventsContainer: NAMES.events,
              snapshotsContainer: NAMES.snapshots,
          }
        : {
              kind: "postgres",
              host: azurePostgresHost(serverName),
              port: POSTGRES_PORT,
              database: NAMES.database,
              user: postgresRole,
              auth: "azure-entra",
          };

    const command = createAzureFunctionApp(
        `${name}-command`,
        {
            bundle: resolved.command,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
            settings: { store, snapshotEvery: resolved.snapshotEvery } satisfies SettingsInput<CommandSettingsDocument>,
            tags,
            logRetentionDays: resolved.logRetentionDays,
            resourceGroupName,
            location,
            // Into the database's VNet: the server has a private address only (no firewall rules in that mode).
            virtualNetworkSubnetId: resolved.azure.postgres?.functionSubnetId,
        },
        opts,
    );
    const commandCosmosAccess =
        cosmos && cosmosDataAccess(`${name}-command-cosmos-access`, cosmos.account, resourceGroupName, command.principalId, opts);
    const postgres = cosmos
        ? undefined
        : postgresStore(name, resolved, serverName, postgresRole, resourceGroupName, command.principalId, opts);
    const apim = createApimFront(
        `${name}-api`,
        {
            resourceGroupName,
            location,
            routes: [...ROUTES],
            app: command.app,
            hostStorageAccess: command.storageAccess,
            publisherEmail: resolved.azure.publisherEmail,
            publisherName: resolved.azure.publisherName,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
            tags,
            auth: resolved.auth,
        },
        opts,
    );
    const publishing = resolved.publish && cosmos ? publish(name, resolved, cosmos, resourceGroupName, opts) : undefined;
    return {
        resourceGroup,
        resourceGroupName,
        cosmos,
        postgres,
        publishing,
        command,
        commandCosmosAccess,
        apim,
        commandUrl: apim.url,
        apiKey: callerKeyOutput(apim.apiKey),
        storeName: pulumi.output(cosmos ? `${cosmosAccountName(name)}/${NAMES.database}/${NAMES.events}` : serverName),
        eventsTopic: pulumi.output(publishing ? topicName(name) : ""),
        eventsTopicId: publishing ? publishing.topic.id : pulumi.output(""),
    };
};

function cosmosStore(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    resourceGroupName: pulumi.Output<string>,
    location: pulumi.Input<string | undefined>,
    opts: pulumi.CustomResourceOptions,
): AzureCosmosStore {
    const { account, database } = createServerlessCosmosDatabase(
        name,
        {
            accountName: cosmosAccountName(name),
            resourceGroupName,
            location,
            backupTier: cosmosBackupTier(resolved.retentionDays),
            tags: resolved.tags,
            databaseName: NAMES.database,
        },
        opts,
    );
    const container = (role: string, id: string, partitionPath: string) =>
        new azn.cosmosdb.SqlResourceSqlContainer(
            `${name}-${role}`,
            {
                accountName: account.name,
                resourceGroupName,
                databaseName: database.name,
                containerName: id,
                resource: { id, partitionKey: { paths: [partitionPath], kind: "Hash", version: 2 } },
            },
            opts,
        );
    // The event's id is its version: ids are unique within a partition, so a version is stored once.
    return {
        account,
        database,
        events: container("events", NAMES.events, "/streamId"),
        snapshots: container("snapshots", NAMES.snapshots, "/streamId"),
    };
}

function cosmosDataAccess(
    name: string,
    account: azn.cosmosdb.DatabaseAccount,
    resourceGroupName: pulumi.Output<string>,
    principalId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): azn.cosmosdb.SqlResourceSqlRoleAssignment {
    return new azn.cosmosdb.SqlResourceSqlRoleAssignment(
        name,
        {
            accountName: account.name,
            resourceGroupName,
            // A GUID of its own, stable across runs (the id Cosmos DB requires): https://learn.microsoft.com/rest/api/cosmos-db-resource-provider/sql-resources/create-update-sql-role-assignment
            roleAssignmentId: stableGuid(name),
            principalId,
            roleDefinitionId: pulumi.interpolate`${account.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR_ROLE}`,
            scope: account.id,
        },
        opts,
    );
}

function publish(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    cosmos: AzureCosmosStore,
    resourceGroupName: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): AzureEventPublishing {
    const { location } = resolved.azure;
    const topic = new azn.eventgrid.Topic(
        `${name}-topic`,
        {
            topicName: topicName(name),
            resourceGroupName,
            location,
            inputSchema: "CloudEventSchemaV1_0",
            disableLocalAuth: true,
            minimumTlsVersionAllowed: "1.2",
            // Subscribers deliver with the topic's identity (Event Grid's deliveryWithResourceIdentity), never with keys.
            identity: { type: "SystemAssigned" },
            tags: resolved.tags,
        },
        opts,
    );
    const leases = new azn.cosmosdb.SqlResourceSqlContainer(
        `${name}-leases`,
        {
            accountName: cosmos.account.name,
            resourceGroupName,
            databaseName: cosmos.database.name,
            containerName: NAMES.leases,
            resource: { id: NAMES.leases, partitionKey: { paths: ["/id"], kind: "Hash", version: 2 } },
        },
        opts,
    );
    const poison = azurePoisonStore(name, resolved, resourceGroupName, opts);
    const publisher = createAzureFunctionApp(
        `${name}-publisher`,
        {
            bundle: publisherBundle({
                kind: "cosmos-change-feed",
                connection: COSMOS_CONNECTION,
                databaseName: NAMES.database,
                containerName: NAMES.events,
                leaseContainerName: NAMES.leases,
            }),
            memoryMb: 512,
            timeoutSeconds: 60,
            settings: {
                topicEndpoint: topic.endpoint,
                poisonContainerUrl: poison.containerUrl,
            } satisfies SettingsInput<EventGridPublisherSettingsDocument>,
            // Identity-based connection of the change feed trigger.
            environment: { [`${COSMOS_CONNECTION}__accountEndpoint`]: cosmos.account.documentEndpoint },
            tags: resolved.tags,
            logRetentionDays: resolved.logRetentionDays,
            resourceGroupName,
            location,
        },
        opts,
    );
    // The trigger reads the events container and writes its leases: data contributor on the account.
    const publisherCosmosAccess = cosmosDataAccess(
        `${name}-publisher-cosmos-access`,
        cosmos.account,
        resourceGroupName,
        publisher.principalId,
        opts,
    );
    const publisherTopicAccess = assignAzureRole(
        `${name}-publisher-topic-access`,
        { principalId: publisher.principalId, roleDefinitionGuid: AZURE_ROLES.eventGridDataSender, scope: topic.id },
        opts,
    );
    const publisherPoisonAccess = assignAzureRole(
        `${name}-publisher-poison-access`,
        { principalId: publisher.principalId, roleDefinitionGuid: AZURE_ROLES.storageBlobDataContributor, scope: poison.container.id },
        opts,
    );
    return { topic, leases, publisher, publisherCosmosAccess, publisherTopicAccess, poison, publisherPoisonAccess };
}

function postgresStore(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    serverName: string,
    role: string,
    resourceGroupName: pulumi.Output<string>,
    principalId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): AzurePostgresStore {
    return createAzurePostgresServer(
        `${name}-db`,
        {
            serverName,
            resourceGroupName,
            location: resolved.azure.location,
            network: resolved.azure.postgres!,
            databaseName: NAMES.database,
            backupRetentionDays: resolved.retentionDays,
            administrator: { principalId, principalName: role },
            tags: resolved.tags,
        },
        opts,
    );
}
