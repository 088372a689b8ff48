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
import { azureDeadLetterAlarm } from "../platform/dead-letter-alarm-azure";
import { AZURE_ROLES, assignAzureRole } from "../platform/azure-roles";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { ApimFront, createApimFront } from "../platform/http-azure";
import type { BundleSpec, SettingsInput } from "../platform/types";
import { AzureEventFeed, createAzureEventFeed } from "./azure-events";
import { COSMOS_CONNECTION, COSMOS_NAMES } from "./functions";
import { CqrsAzureSync } from "./args";
import { cqrsNames } from "./names";
import type { CqrsImplementation, CqrsOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedCqrsArgs } from "./resolve";

/** Cosmos DB Built-in Data Reader: https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles */
const COSMOS_DATA_READER_ROLE = "00000000-0000-0000-0000-000000000001";

/**
 * Cosmos DB serverless: the write container (partition /id, TTL on for tombstones), and for the
 * change feed path its leases and the projector's dead letters.
 */
export interface AzureWriteStore {
    readonly account: azn.cosmosdb.DatabaseAccount;
    readonly database: azn.cosmosdb.SqlResourceSqlDatabase;
    readonly writes: azn.cosmosdb.SqlResourceSqlContainer;
    /** Absent with `azure.sync: "indexer"`. */
    readonly leases?: azn.cosmosdb.SqlResourceSqlContainer;
    /** Absent with `azure.sync: "indexer"`. */
    readonly deadLetters?: azn.cosmosdb.SqlResourceSqlContainer;
    /** Fires as soon as the dead-letter container is written to. Absent with `azure.sync: "indexer"`. */
    readonly deadLetterAlarm?: azn.monitor.MetricAlert;
}

/**
 * `azure.sync: "indexer"`: AI Search's Cosmos DB indexer reads the write container as the search
 * service's own identity; the command function puts the index, data source and indexer.
 */
export interface AzureCqrsIndexer {
    /** Cosmos DB Built-in Data Reader for the search service's identity, on the write container only. */
    readonly cosmosDataReader: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    /** Cosmos DB Account Reader Role on the account (metadata, no data), which the indexer needs as well. */
    readonly cosmosAccountReader: azn.authorization.RoleAssignment;
    /** Search Service Contributor for the command function: it puts the index, data source and indexer definitions. */
    readonly commandSearchAccess: azn.authorization.RoleAssignment;
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
     * `source` the events queue's (Azure Service Bus Data Receiver on that queue only). Absent with the indexer.
     */
    readonly projector?: AzureFunctionApp;
    readonly projectorCosmosAccess?: azn.cosmosdb.SqlResourceSqlRoleAssignment;
    readonly projectorEventsAccess?: azn.authorization.RoleAssignment;
    /** AI Search with a system identity, API keys off (Entra ID only). */
    readonly search: azn.search.Service;
    /** Search Index Data Contributor (documents) and Search Service Contributor (the index definition) for the projector. */
    readonly projectorSearchAccess?: readonly azn.authorization.RoleAssignment[];
    /** With `azure.sync: "indexer"`: the indexer's access, instead of the projector. */
    readonly indexer?: AzureCqrsIndexer;
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
                hostStorageAccess: target.storageAccess,
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
    const searchEndpoint = pulumi.interpolate`https://${search.name}.search.windows.net`;
    const readStore: SettingsInput<ReadStoreDocument> = { kind: "ai-search", endpoint: searchEndpoint, index: readModel.entity };
    const indexed = resolved.azure.sync === CqrsAzureSync.Indexer;
    const writeScope = (store: AzureWriteStore) => pulumi.interpolate`${databaseScope(store)}/colls/${readModel.entity}`;
    const role = (roleName: string, principalId: pulumi.Input<string>, guid: string, scope: pulumi.Input<string> = search.id) =>
        assignAzureRole(`${name}-${roleName}`, { principalId, roleDefinitionGuid: guid, scope }, opts);

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
            ...(indexed && {
                indexer: {
                    endpoint: searchEndpoint,
                    index: readModel.entity,
                    readModel,
                    cosmosAccountId: writeStore.account.id,
                    intervalMinutes: resolved.azure.indexerIntervalMinutes,
                },
            }),
        } satisfies SettingsInput<CommandSettingsDocument>);
    const commandCosmosAccess = writeStore && dataAccess(writeStore, "command", command!.principalId, writeScope(writeStore));
    const commandApi = command && front("command-api", commandRoutes(readModel.entity), command);

    const query = app("query", bundles.query, { readModel, readStore } satisfies SettingsInput<QuerySettingsDocument>);
    const querySearchAccess = role("query-search-data", query.principalId, AZURE_ROLES.searchIndexDataReader);
    const queryApi = front("query-api", queryRoutes(readModel.entity), query);
    const common = {
        resourceGroup,
        resourceGroupName,
        writeStore,
        command,
        commandCosmosAccess,
        commandApi,
        search,
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

    if (indexed && writeStore && command) {
        // The search service's system identity reads the write container for its indexer: data on that container, metadata on the account.
        const searchIdentity = search.identity.apply((identity) => identity!.principalId);
        return {
            ...common,
            indexer: {
                cosmosDataReader: new azn.cosmosdb.SqlResourceSqlRoleAssignment(
                    `${name}-indexer-cosmos-access`,
                    {
                        accountName: writeStore.account.name,
                        resourceGroupName,
                        roleAssignmentId: stableGuid(`${name}-indexer-cosmos-access`),
                        principalId: searchIdentity,
                        roleDefinitionId: pulumi.interpolate`${writeStore.account.id}/sqlRoleDefinitions/${COSMOS_DATA_READER_ROLE}`,
                        scope: writeScope(writeStore),
                    },
                    opts,
                ),
                cosmosAccountReader: role(
                    "indexer-cosmos-account",
                    searchIdentity,
                    AZURE_ROLES.cosmosDbAccountReader,
                    writeStore.account.id,
                ),
                // Putting the index, data source and indexer is a service-level operation; the command function holds no data role on the index.
                commandSearchAccess: role("command-search-index", command.principalId, AZURE_ROLES.searchServiceContributor),
            },
        };
    }

    const events = writeStore ? undefined : createAzureEventFeed(name, resolved, names, resourceGroupName, location, opts);
    const projector = writeStore
        ? app(
              "projector",
              bundles.projector!,
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
              bundles.projector!,
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
    const projectorSearchAccess = [
        role("projector-search-data", projector.principalId, AZURE_ROLES.searchIndexDataContributor),
        // Creating the index from the read model is a service-level operation the data role does not cover.
        role("projector-search-index", projector.principalId, AZURE_ROLES.searchServiceContributor),
    ];

    return { ...common, events, projector, projectorCosmosAccess, projectorEventsAccess, projectorSearchAccess };
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
        // The indexer keeps its own high-water mark and has no dead letters: these serve the change feed projector only.
        ...(resolved.azure.sync !== CqrsAzureSync.Indexer && {
            leases: container("leases", COSMOS_NAMES.leases),
            deadLetters: container("projection-dead-letters", COSMOS_NAMES.deadLetters),
            deadLetterAlarm: azureDeadLetterAlarm(
                `${name}-projection-dead-letters-alarm`,
                {
                    resourceId: account.id,
                    metricNamespace: "Microsoft.DocumentDB/databaseAccounts",
                    // Any request on the container: only the projector writes there, and it is read only once it holds dead letters.
                    metricName: "TotalRequests",
                    timeAggregation: "Count",
                    dimensions: [{ name: "CollectionName", values: [COSMOS_NAMES.deadLetters] }],
                },
                resolved.alarmNotify,
                resourceGroupName,
                resolved.tags,
                opts,
            ),
        }),
    };
}
