import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { createServerlessCosmosAccount } from "../platform/cosmos-account";
import { stableGuid } from "../platform/naming";
import { callerKeyOutput } from "../platform/front-door-auth";
import {
    commandRoutes,
    queryRoutes,
    type CommandSettingsDocument,
    type ProjectorSettingsDocument,
    type QuerySettingsDocument,
    type ReadStoreDocument,
} from "../../handlers/cqrs/settings-document";
import { COSMOS_DATA_CONTRIBUTOR_ROLE } from "../event-sourcing/azure";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { AZURE_ROLES, assignAzureRole } from "../platform/azure-roles";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { ApimFront, createApimFront } from "../platform/http-azure";
import type { BundleSpec, SettingsInput } from "../platform/types";
import { AzureEventFeed, createAzureEventFeed } from "./azure-events";
import { COSMOS_CONNECTION, COSMOS_NAMES } from "./functions";
import { cqrsNames } from "./names";
import type { CqrsImplementation, CqrsOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedCqrsArgs } from "./resolve";

/** Cosmos DB serverless: the write container (partition /id, TTL on for tombstones), the change feed's leases, the dead letters. */
export interface AzureWriteStore {
    readonly account: azn.cosmosdb.DatabaseAccount;
    readonly database: azn.cosmosdb.SqlResourceSqlDatabase;
    readonly writes: azn.cosmosdb.SqlResourceSqlContainer;
    readonly leases: azn.cosmosdb.SqlResourceSqlContainer;
    readonly deadLetters: azn.cosmosdb.SqlResourceSqlContainer;
}

export interface AzureCqrs extends CqrsOutputs {
    /** Created only when `azure.resourceGroupName` is not given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly resourceGroupName: pulumi.Output<string>;
    /** Absent with `source`, as are the command app, its access and its API. */
    readonly writeStore?: AzureWriteStore;
    readonly command?: AzureFunctionApp;
    /** Cosmos DB Built-in Data Contributor for the command app, on the write container only. */
    readonly commandCosmosAccess?: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    readonly commandApi?: ApimFront;
    /** With `source`: the EventSourcing's topic -> event subscription -> the Service Bus queue that triggers the projector. */
    readonly events?: AzureEventFeed;
    /**
     * The change feed trigger's function (reads the write container, keeps its leases, writes dead letters), or with
     * `source` the events queue's (Azure Service Bus Data Receiver on that queue only).
     */
    readonly projector: AzureFunctionApp;
    readonly projectorCosmosAccess?: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    readonly projectorEventsAccess?: azn.authorization.RoleAssignment;
    /** AI Search with a system identity, API keys off (Entra ID only). */
    readonly search: azn.search.Service;
    /** Search Index Data Contributor (documents) and Search Service Contributor (the index definition) for the projector. */
    readonly projectorSearchAccess: readonly azn.authorization.RoleAssignment[];
    /** Search Index Data Reader for the query function, nothing more. */
    readonly querySearchAccess: azn.authorization.RoleAssignment;
    readonly query: AzureFunctionApp;
    readonly queryApi: ApimFront;
}

export const createAzureCqrs: CqrsImplementation<AzureCqrs> = (name, resolved, opts) => {
    const { tags, readModel, bundles } = resolved;
    const names = cqrsNames(`Cqrs '${name}'`, name);
    const { resourceGroup, resourceGroupName, location } = azureResourceGroup(name, resolved.azure, tags, opts);
    const app = (role: string, bundle: BundleSpec, settings: SettingsInput<object>, environment?: Record<string, pulumi.Input<string>>) =>
        createAzureFunctionApp(
            `${name}-${role}`,
            {
                bundle,
                memoryMb: resolved.memoryMb,
                timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
                settings,
                environment,
                tags,
                logRetentionDays: resolved.logRetentionDays,
                resourceGroupName,
                location,
            },
            opts,
        );
    const front = (role: "command-api" | "query-api", routes: readonly string[], target: AzureFunctionApp) =>
        createApimFront(
            `${name}-${role}`,
            {
                auth: role === "command-api" ? resolved.auth : resolved.queryAuth,
                resourceGroupName,
                location,
                routes: [...routes],
                app: target.app,
                publisherEmail: resolved.azure.publisherEmail,
                publisherName: resolved.azure.publisherName,
                timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
                tags,
            },
            opts,
        );

    // Cosmos DB needs a location of its own: the given group's, when none was named.
    const cosmosLocation = () => location ?? azn.resources.getResourceGroupOutput({ resourceGroupName }, { parent: opts.parent }).location;
    const writeStore = bundles.command && cosmos(name, names.cosmosAccount(), resolved, resourceGroupName, cosmosLocation(), opts);
    const dataAccess = ({ account }: AzureWriteStore, role: string, principalId: pulumi.Input<string>, scope: pulumi.Input<string>) =>
        new azn.cosmosdb.SqlResourceSqlRoleAssignment(
            `${name}-${role}-cosmos-access`,
            {
                accountName: account.name,
                resourceGroupName,
                // A GUID of its own, stable across runs (the id Cosmos DB requires): https://learn.microsoft.com/rest/api/cosmos-db-resource-provider/sql-resources/create-update-sql-role-assignment
                roleAssignmentId: stableGuid(`${name}-${role}-cosmos-access`),
                principalId,
                roleDefinitionId: pulumi.interpolate`${account.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR_ROLE}`,
                scope,
            },
            opts,
        );
    const databaseScope = (store: AzureWriteStore) => pulumi.interpolate`${store.account.id}/dbs/${COSMOS_NAMES.database}`;

    const command =
        writeStore &&
        app("command", bundles.command!, {
            entity: readModel.entity,
            key: readModel.key,
            writeStore: {
                kind: "cosmos",
                endpoint: writeStore.account.documentEndpoint,
                database: COSMOS_NAMES.database,
                container: readModel.entity,
            },
        } satisfies SettingsInput<CommandSettingsDocument>);
    const commandCosmosAccess =
        writeStore &&
        dataAccess(writeStore, "command", command!.principalId, pulumi.interpolate`${databaseScope(writeStore)}/colls/${readModel.entity}`);
    const commandApi = command && front("command-api", commandRoutes(readModel.entity), command);

    const search = new azn.search.Service(
        `${name}-search`,
        {
            searchServiceName: names.searchService(),
            resourceGroupName,
            location,
            sku: { name: resolved.azure.searchSku },
            replicaCount: 1,
            partitionCount: 1,
            identity: { type: "SystemAssigned" },
            // Entra ID only: the functions use their managed identities and data-plane roles; no keys exist to leak.
            disableLocalAuth: true,
            publicNetworkAccess: "enabled",
            tags,
        },
        opts,
    );
    const readStore: SettingsInput<ReadStoreDocument> = {
        kind: "ai-search",
        endpoint: pulumi.interpolate`https://${search.name}.search.windows.net`,
        index: readModel.entity,
    };
    const events = writeStore ? undefined : createAzureEventFeed(name, resolved, names, resourceGroupName, location, opts);
    const projector = writeStore
        ? app(
              "projector",
              bundles.projector,
              {
                  readModel,
                  readStore,
                  source: "cosmos-change-feed",
                  deadLetters: {
                      kind: "cosmos",
                      maxAttempts: resolved.azure.maxAttempts,
                      endpoint: writeStore.account.documentEndpoint,
                      database: COSMOS_NAMES.database,
                      container: COSMOS_NAMES.deadLetters,
                  },
              } satisfies SettingsInput<ProjectorSettingsDocument>,
              // Identity-based connection of the change feed trigger.
              { [`${COSMOS_CONNECTION}__accountEndpoint`]: writeStore.account.documentEndpoint },
          )
        : app(
              "projector",
              bundles.projector,
              // No deadLetters: the queue counts the deliveries and dead-letters itself.
              { readModel, readStore, source: "event-sourcing" } satisfies SettingsInput<ProjectorSettingsDocument>,
              events!.connection,
          );
    // The trigger reads the write container and keeps its leases; the projector writes dead letters: the database, no wider.
    const projectorCosmosAccess = writeStore && dataAccess(writeStore, "projector", projector.principalId, databaseScope(writeStore));
    const projectorEventsAccess =
        events &&
        assignAzureRole(
            `${name}-projector-events-receive`,
            { principalId: projector.principalId, roleDefinitionGuid: AZURE_ROLES.serviceBusDataReceiver, scope: events.queue.id },
            opts,
        );
    const role = (roleName: string, principalId: pulumi.Input<string>, guid: string) =>
        assignAzureRole(`${name}-${roleName}`, { principalId, roleDefinitionGuid: guid, scope: search.id }, opts);
    const projectorSearchAccess = [
        role("projector-search-data", projector.principalId, AZURE_ROLES.searchIndexDataContributor),
        // Creating the index from the read model is a service-level operation the data role does not cover.
        role("projector-search-index", projector.principalId, AZURE_ROLES.searchServiceContributor),
    ];

    const query = app("query", bundles.query, { readModel, readStore } satisfies SettingsInput<QuerySettingsDocument>);
    const querySearchAccess = role("query-search-data", query.principalId, AZURE_ROLES.searchIndexDataReader);
    const queryApi = front("query-api", queryRoutes(readModel.entity), query);
    return {
        resourceGroup,
        resourceGroupName,
        writeStore,
        command,
        commandCosmosAccess,
        commandApi,
        events,
        projector,
        projectorCosmosAccess,
        projectorEventsAccess,
        search,
        projectorSearchAccess,
        querySearchAccess,
        query,
        queryApi,
        commandUrl: commandApi ? commandApi.url : pulumi.output(undefined),
        queryUrl: queryApi.url,
        apiKey: callerKeyOutput(commandApi?.apiKey),
        queryApiKey: callerKeyOutput(queryApi.apiKey),
        writeStoreName: pulumi.output(
            writeStore ? `${names.cosmosAccount()}/${COSMOS_NAMES.database}/${readModel.entity}` : resolved.source!.storeName,
        ),
        readStoreName: pulumi.interpolate`${search.name}/${readModel.entity}`,
    };
};

function cosmos(
    name: string,
    accountName: string,
    resolved: ResolvedCqrsArgs,
    resourceGroupName: pulumi.Output<string>,
    location: pulumi.Input<string | undefined>,
    opts: pulumi.CustomResourceOptions,
): AzureWriteStore {
    const account = createServerlessCosmosAccount(
        name,
        { accountName, resourceGroupName, location, backupTier: "Continuous7Days", tags: resolved.tags },
        opts,
    );
    const database = new azn.cosmosdb.SqlResourceSqlDatabase(
        `${name}-database`,
        { accountName: account.name, resourceGroupName, databaseName: COSMOS_NAMES.database, resource: { id: COSMOS_NAMES.database } },
        opts,
    );
    const container = (role: string, id: string, defaultTtl?: number) =>
        new azn.cosmosdb.SqlResourceSqlContainer(
            `${name}-${role}`,
            {
                accountName: account.name,
                resourceGroupName,
                databaseName: database.name,
                containerName: id,
                resource: {
                    id,
                    partitionKey: { paths: ["/id"], kind: "Hash", version: 2 },
                    ...(defaultTtl === undefined ? {} : { defaultTtl }),
                },
            },
            opts,
        );
    return {
        account,
        database,
        // TTL on without a default (-1): only tombstones, which carry `ttl`, expire.
        writes: container("writes", resolved.readModel.entity, -1),
        leases: container("leases", COSMOS_NAMES.leases),
        deadLetters: container("projection-dead-letters", COSMOS_NAMES.deadLetters),
    };
}
