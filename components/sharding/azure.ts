import * as azn from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import { checkedName } from "../cqrs/names";
import { COSMOS_DATA_CONTRIBUTOR_ROLE } from "../event-sourcing/azure";
import { azureResourceGroup } from "../platform/azure-resource-group";
import { cosmosBackupTier, createServerlessCosmosDatabase } from "../platform/cosmos-account";
import { callerKeyOutput } from "../platform/front-door-auth";
import { AzureFunctionApp, createAzureFunctionApp } from "../platform/function-azure";
import { ApimFront, createApimFront } from "../platform/http-azure";
import { azureCosmosAccountName, azureDnsName, stableGuid } from "../platform/naming";
import { POSTGRES_PORT } from "../platform/postgres-network";
import { azurePostgresHost, AzurePostgresServer, createAzurePostgresServer } from "../platform/postgres-azure";
import type { ShardingImplementation, ShardingOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedShardingArgs } from "./resolve";
import { BuiltShard, regionalName, regionalOptions, routerFunctionArgs, ROUTES, shardMapOutput, shardsOutput } from "./shard-map";

/** One serverless Cosmos DB account per region, its `items` container partitioned by `/shard`, then `/id`. */
export interface AzureRegionStore {
    readonly account: azn.cosmosdb.DatabaseAccount;
    readonly database: azn.cosmosdb.SqlResourceSqlDatabase;
    readonly container: azn.cosmosdb.SqlResourceSqlContainer;
    /** Cosmos DB Built-in Data Contributor for the router's identity, on this container only. */
    readonly routerAccess: azn.cosmosdb.SqlResourceSqlRoleAssignment;
}

export interface AzureSharding extends ShardingOutputs {
    /** Created only when `azure.resourceGroupName` is not given. */
    readonly resourceGroup?: azn.resources.ResourceGroup;
    readonly resourceGroupName: pulumi.Output<string>;
    /** A provider per region other than the router's, the shards' stores created through it. */
    readonly providers: readonly azn.Provider[];
    /** With store `managed`, by region. */
    readonly managed?: Readonly<Record<string, AzureRegionStore>>;
    /** With store `postgres`, by shard name: each server's Entra administrator is the router's identity. */
    readonly postgres?: Readonly<Record<string, AzurePostgresServer>>;
    readonly router: AzureFunctionApp;
    readonly apim: ApimFront;
}

/** The Cosmos DB database and container of a managed store; the PostgreSQL database of a shard. */
export const NAMES = { database: "sharding", container: "items" } as const;
/** Hierarchical partition keys: the shard, then the item's id; a unique last level lifts the 20 GB logical partition cap. */
export const SHARD_PARTITION_KEY = { paths: ["/shard", "/id"], kind: "MultiHash", version: 2 } as const;

export const createAzureSharding: ShardingImplementation<AzureSharding> = (name, resolved, opts) => {
    const { tags } = resolved;
    const owner = `Sharding '${name}'`;
    const home = resolved.homeRegion;
    const { resourceGroup, resourceGroupName } = azureResourceGroup(name, { ...resolved.azure, location: home }, tags, opts);
    const { providers, optionsIn } = regionalOptions(
        name,
        resolved,
        opts,
        (providerName, region) => new azn.Provider(providerName, { location: region }, { parent: opts.parent }),
    );
    const routerRole = `${name}-router`;
    const postgres = resolved.store === "postgres";

    const stores = postgres
        ? undefined
        : Object.fromEntries(
              resolved.regions.map((region) => [
                  region,
                  cosmosStore(regionalName(name, resolved, region), owner, region, resolved, resourceGroupName, optionsIn(region)),
              ]),
          );
    // A server's host is known from its name, so the router's settings need not wait for the servers (whose administrator it is).
    const serverNames = Object.fromEntries(resolved.shards.map((shard) => [shard.name, azureDnsName(`${name}-${shard.name}-db`, 60)]));
    const built: BuiltShard[] = resolved.shards.map((shard) => {
        if (stores) {
            const { account } = stores[shard.region];
            return {
                location: { kind: "cosmos", endpoint: account.documentEndpoint, database: NAMES.database, container: NAMES.container },
                store: pulumi.interpolate`${account.name}/${NAMES.database}/${NAMES.container}`,
                endpoint: account.documentEndpoint,
            };
        }
        const host = azurePostgresHost(serverNames[shard.name]);
        return {
            location: { kind: "postgres", host, port: POSTGRES_PORT, database: NAMES.database, user: routerRole, auth: "azure-entra" },
            store: serverNames[shard.name],
            endpoint: host,
        };
    });

    const router = createAzureFunctionApp(
        routerRole,
        {
            ...routerFunctionArgs(resolved, built),
            resourceGroupName,
            location: home,
            // Into the servers' VNet: they have a private address only.
            virtualNetworkSubnetId: postgres ? resolved.azure.postgres!.functionSubnetId : undefined,
        },
        opts,
    );
    const managed =
        stores &&
        Object.fromEntries(
            resolved.regions.map((region) => {
                const prefix = regionalName(name, resolved, region);
                const store = stores[region];
                return [region, { ...store, routerAccess: routerAccess(prefix, store, resourceGroupName, router, optionsIn(region)) }];
            }),
        );
    const servers = postgres
        ? Object.fromEntries(
              resolved.shards.map((shard) => {
                  const server = createAzurePostgresServer(
                      `${name}-${shard.name}-db`,
                      {
                          serverName: serverNames[shard.name],
                          resourceGroupName,
                          location: home,
                          network: resolved.azure.postgres!,
                          databaseName: NAMES.database,
                          backupRetentionDays: resolved.retentionDays,
                          administrator: { principalId: router.principalId, principalName: routerRole },
                          tags,
                      },
                      opts,
                  );
                  return [shard.name, server] as const;
              }),
          )
        : undefined;

    const apim = createApimFront(
        `${name}-api`,
        {
            resourceGroupName,
            location: home,
            routes: [...ROUTES],
            app: router.app,
            hostStorageAccess: router.storageAccess,
            publisherEmail: resolved.azure.publisherEmail,
            publisherName: resolved.azure.publisherName,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
            tags,
            auth: resolved.auth,
        },
        opts,
    );
    return {
        resourceGroup,
        resourceGroupName,
        providers: providers as azn.Provider[],
        managed,
        postgres: servers,
        router,
        apim,
        routerUrl: apim.url,
        shards: shardsOutput(resolved, built),
        shardMap: pulumi.output(shardMapOutput(resolved)),
        apiKey: callerKeyOutput(apim.apiKey),
    };
};

function cosmosStore(
    prefix: string,
    owner: string,
    region: string,
    resolved: ResolvedShardingArgs,
    resourceGroupName: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
): Omit<AzureRegionStore, "routerAccess"> {
    const { account, database } = createServerlessCosmosDatabase(
        prefix,
        {
            accountName: checkedName(
                owner,
                "azure-native:cosmosdb:DatabaseAccount",
                "accountName",
                azureCosmosAccountName(`${prefix}-items`),
            ),
            resourceGroupName,
            location: region,
            backupTier: cosmosBackupTier(resolved.retentionDays),
            tags: resolved.tags,
            databaseName: NAMES.database,
        },
        opts,
    );
    const container = new azn.cosmosdb.SqlResourceSqlContainer(
        `${prefix}-items`,
        {
            accountName: account.name,
            resourceGroupName,
            databaseName: database.name,
            containerName: NAMES.container,
            resource: { id: NAMES.container, partitionKey: { ...SHARD_PARTITION_KEY, paths: [...SHARD_PARTITION_KEY.paths] } },
        },
        opts,
    );
    return { account, database, container };
}

/** Cosmos DB Built-in Data Contributor for the router, on the store's container: the narrowest scope Cosmos DB's data-plane RBAC takes. */
function routerAccess(
    prefix: string,
    { account }: Omit<AzureRegionStore, "routerAccess">,
    resourceGroupName: pulumi.Output<string>,
    router: AzureFunctionApp,
    opts: pulumi.CustomResourceOptions,
): azn.cosmosdb.SqlResourceSqlRoleAssignment {
    return new azn.cosmosdb.SqlResourceSqlRoleAssignment(
        `${prefix}-router-cosmos-access`,
        {
            accountName: account.name,
            resourceGroupName,
            // A GUID of its own, stable across runs (the id Cosmos DB requires): https://learn.microsoft.com/rest/api/cosmos-db-resource-provider/sql-resources/create-update-sql-role-assignment
            roleAssignmentId: stableGuid(`${prefix}-router-cosmos-access`),
            principalId: router.principalId,
            roleDefinitionId: pulumi.interpolate`${account.id}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR_ROLE}`,
            scope: pulumi.interpolate`${account.id}/dbs/${NAMES.database}/colls/${NAMES.container}`,
        },
        opts,
    );
}
