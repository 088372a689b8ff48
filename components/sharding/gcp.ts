import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { spannerShardDdl } from "../../handlers/sharding/settings-document";
import { checkedName } from "../cqrs/names";
import { callerKeyOutput } from "../platform/front-door-auth";
import { createGcpFunction, GcpFunction } from "../platform/function-gcp";
import { invokeOptions } from "../platform/function-settings";
import { enableGcpApis, FUNCTION_APIS, PROJECT_IAM_APIS } from "../platform/gcp-apis";
import { createGcpApiGateway, GcpApiGateway, gcpApiGatewayApis } from "../platform/http-gcp";
import { gcpResourceId, gcpServiceAccountId } from "../platform/naming";
import { POSTGRES_PORT } from "../platform/postgres-network";
import {
    CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH,
    CLOUD_SQL_INSTANCE_ID_MAX_LENGTH,
    cloudSqlIamUser,
    cloudSqlServerCa,
    CloudSqlInstance,
    conditionalMember,
    createCloudSqlInstance,
} from "../platform/postgres-gcp";
import { gcpLabels } from "../platform/tags";
import type { ShardingImplementation, ShardingOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedShardingArgs } from "./resolve";
import { BuiltShard, regionalName, regionalOptions, routerFunctionArgs, ROUTES, shardMapOutput, shardsOutput } from "./shard-map";

/** A Spanner instance (regional configuration) per region, with one database holding its shards' items. */
export interface GcpRegionStore {
    readonly instance: gcp.spanner.Instance;
    readonly database: gcp.spanner.Database;
    /** roles/spanner.databaseUser for the router, on this database only. */
    readonly routerAccess: gcp.spanner.DatabaseIAMMember;
}

/** A Cloud SQL instance per shard, with the router's IAM database user and its two grants conditioned on the instance. */
export interface GcpPostgresShard extends CloudSqlInstance {
    readonly user: gcp.sql.User;
    /** roles/cloudsql.client and roles/cloudsql.instanceUser, each on this instance only. */
    readonly access: readonly gcp.projects.IAMMember[];
}

export interface GcpSharding extends ShardingOutputs {
    /** A provider per region other than the router's, the shards' stores created through it. */
    readonly providers: readonly gcp.Provider[];
    /** With store `managed`, by region. */
    readonly managed?: Readonly<Record<string, GcpRegionStore>>;
    /** With store `postgres`, by shard name. */
    readonly postgres?: Readonly<Record<string, GcpPostgresShard>>;
    readonly router: GcpFunction;
    readonly apiGateway: GcpApiGateway;
}

/** The Spanner table of a managed store (handlers/sharding/settings-document.ts has its DDL); the PostgreSQL database of a shard. */
export const NAMES = { table: "items", database: "sharding" } as const;

export const createGcpSharding: ShardingImplementation<GcpSharding> = (name, resolved, componentOpts) => {
    const owner = `Sharding '${name}'`;
    const home = resolved.homeRegion;
    const postgres = resolved.store === "postgres";
    const { opts } = enableGcpApis(name, shardingApis(resolved), resolved.gcp.enableApis, componentOpts);
    const labels = gcpLabels(resolved.tags);
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;
    const configuredProject = new pulumi.Config("gcp").get("project");
    const { providers, optionsIn } = regionalOptions(
        name,
        resolved,
        opts,
        (providerName, region) =>
            new gcp.Provider(providerName, { region, ...(configuredProject && { project: configuredProject }) }, { parent: opts.parent }),
    );

    const stores = postgres
        ? undefined
        : Object.fromEntries(
              resolved.regions.map((region) => [
                  region,
                  spannerStore(regionalName(name, resolved, region), owner, region, resolved, labels, optionsIn(region)),
              ]),
          );
    const instances = postgres
        ? Object.fromEntries(
              resolved.shards.map((shard) => [
                  shard.name,
                  createCloudSqlInstance(
                      `${name}-${shard.name}-db`,
                      {
                          instanceName: gcpResourceId(`${name}-${shard.name}-db`, CLOUD_SQL_INSTANCE_ID_MAX_LENGTH),
                          region: shard.region,
                          network: resolved.gcp.postgres!.network,
                          databaseName: NAMES.database,
                          retentionDays: resolved.retentionDays,
                          labels,
                      },
                      optionsIn(shard.region),
                  ),
              ]),
          )
        : undefined;

    const routerAccountId = gcpServiceAccountId(`${name}-router`, CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH);
    const iamUser = pulumi.output(project).apply((id) => cloudSqlIamUser(owner, routerAccountId, id));
    const built: BuiltShard[] = resolved.shards.map((shard) => {
        if (stores) {
            const { instance, database } = stores[shard.region];
            return {
                location: { kind: "spanner", projectId: project, instance: instance.name, database: database.name, table: NAMES.table },
                store: pulumi.interpolate`${instance.name}/${database.name}`,
                endpoint: "spanner.googleapis.com",
            };
        }
        const { instance } = instances![shard.name];
        return {
            location: {
                kind: "postgres",
                host: instance.privateIpAddress,
                port: POSTGRES_PORT,
                database: NAMES.database,
                user: iamUser,
                auth: "gcp-iam",
                serverCa: cloudSqlServerCa(instance),
            },
            store: instance.name,
            endpoint: instance.privateIpAddress,
        };
    });

    const router = createGcpFunction(
        `${name}-router`,
        {
            ...routerFunctionArgs(resolved, built),
            region: home,
            serviceAccountId: routerAccountId,
            // Direct VPC egress to the instances' private IPs (private ranges only; Google APIs stay direct). A VPC is global.
            vpc: postgres ? { network: resolved.gcp.postgres!.network, subnetwork: resolved.gcp.postgres!.functionSubnetwork } : undefined,
        },
        opts,
    );
    const member = router.serviceAccount.member;
    const managed =
        stores &&
        Object.fromEntries(
            resolved.regions.map((region) => {
                const { instance, database } = stores[region];
                const routerAccess = new gcp.spanner.DatabaseIAMMember(
                    `${regionalName(name, resolved, region)}-router-database-access`,
                    { instance: instance.name, database: database.name, role: "roles/spanner.databaseUser", member },
                    optionsIn(region),
                );
                return [region, { instance, database, routerAccess }];
            }),
        );
    const postgresShards =
        instances &&
        Object.fromEntries(
            resolved.shards.map((shard) => {
                const { instance, database } = instances[shard.name];
                const prefix = `${name}-${shard.name}-db`;
                const grant = (role: string, suffix: string) =>
                    conditionalMember(`${prefix}-${suffix}`, project, role, member, "instances", instance.name, opts);
                const user = new gcp.sql.User(
                    `${prefix}-user`,
                    { instance: instance.name, name: iamUser, type: "CLOUD_IAM_SERVICE_ACCOUNT" },
                    pulumi.mergeOptions(optionsIn(shard.region), { dependsOn: [router.serviceAccount] }),
                );
                return [
                    shard.name,
                    {
                        instance,
                        database,
                        user,
                        access: [grant("roles/cloudsql.client", "client"), grant("roles/cloudsql.instanceUser", "login")],
                    },
                ];
            }),
        );
    const apiGateway = createGcpApiGateway(
        `${name}-api`,
        {
            routes: [...ROUTES],
            fn: router.function,
            region: home,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
            labels: resolved.tags,
            auth: resolved.auth,
        },
        opts,
    );
    return {
        providers: providers as gcp.Provider[],
        managed,
        postgres: postgresShards,
        router,
        apiGateway,
        routerUrl: apiGateway.url,
        shards: shardsOutput(resolved, built),
        shardMap: pulumi.output(shardMapOutput(resolved)),
        apiKey: callerKeyOutput(apiGateway.apiKey),
    };
};

/** The APIs the store chosen needs, beside the function's and the gateway's. */
function shardingApis(resolved: ResolvedShardingArgs): string[] {
    return [
        ...FUNCTION_APIS,
        ...gcpApiGatewayApis(resolved.auth),
        ...(resolved.store === "postgres"
            ? [...PROJECT_IAM_APIS, "sqladmin.googleapis.com", "servicenetworking.googleapis.com"]
            : ["spanner.googleapis.com"]),
    ];
}

function spannerStore(
    prefix: string,
    owner: string,
    region: string,
    resolved: ResolvedShardingArgs,
    labels: pulumi.Output<Record<string, string>>,
    opts: pulumi.CustomResourceOptions,
): Omit<GcpRegionStore, "routerAccess"> {
    const instance = new gcp.spanner.Instance(
        `${prefix}-spanner`,
        {
            name: checkedName(owner, "gcp:spanner/instance:Instance", "name", gcpResourceId(`${prefix}-shards`, 64)),
            // A regional configuration: the shard's data stays in its region.
            config: `regional-${region}`,
            // Display names are 4-30 characters.
            displayName: `shards ${prefix}`.slice(0, 30).padEnd(4, "-"),
            processingUnits: resolved.gcp.processingUnits,
            edition: "STANDARD",
            labels,
        },
        opts,
    );
    const database = new gcp.spanner.Database(
        `${prefix}-database`,
        {
            instance: instance.name,
            name: checkedName(owner, "gcp:spanner/database:Database", "name", gcpResourceId(`${prefix}-db`, 30)),
            databaseDialect: "GOOGLE_STANDARD_SQL",
            ddls: [spannerShardDdl(NAMES.table)],
            // The shards are the system of record (Spanner encrypts at rest with Google-managed keys).
            deletionProtection: true,
            enableDropProtection: true,
        },
        opts,
    );
    return { instance, database };
}
