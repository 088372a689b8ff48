import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedName } from "../cqrs/names";
import { callerKeyOutput } from "../platform/front-door-auth";
import { createAwsFunctionApi } from "../platform/function-api-aws";
import { AwsFunction, AwsStatement, createAwsFunction } from "../platform/function-aws";
import { AwsHttpApi } from "../platform/http-aws";
import { awsName } from "../platform/naming";
import {
    awsPostgresClientEnvironment,
    AwsPostgresClientNetwork,
    AwsPostgresCluster,
    AwsPostgresNetwork,
    createAwsPostgresCluster,
    createAwsPostgresNetwork,
    createAwsPostgresSecretsAccess,
    POSTGRES_PORT,
} from "../platform/postgres-aws";
import type { ShardingImplementation, ShardingOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedShardingArgs } from "./resolve";
import {
    BuiltShard,
    regionalName,
    regionalOptions,
    routerFunctionArgs,
    ROUTES,
    shardMapOutput,
    shardsByRegion,
    shardsOutput,
} from "./shard-map";

/** One DynamoDB table per region: hash key `shard`, range key `id`, so each shard is an item collection DynamoDB splits for heat. */
export interface AwsManagedShards {
    /** By region. */
    readonly tables: Readonly<Record<string, aws.dynamodb.Table>>;
}

/** One Aurora Serverless v2 cluster per shard, on one private network the router reaches them through. */
export interface AwsPostgresShards {
    readonly network: AwsPostgresNetwork;
    /** By shard name. */
    readonly clusters: Readonly<Record<string, AwsPostgresCluster>>;
    /** The router's way to the databases' passwords. */
    readonly client: AwsPostgresClientNetwork;
}

export interface AwsSharding extends ShardingOutputs {
    /** A provider per region other than the stack's, the shards' stores created through it. */
    readonly providers: readonly aws.Provider[];
    readonly managed?: AwsManagedShards;
    readonly postgres?: AwsPostgresShards;
    readonly router: AwsFunction;
    /** The router's access: each table for its own shards' partition keys only (`dynamodb:LeadingKeys` `<shard>#*`), or each shard's password. */
    readonly routerPolicy: aws.iam.RolePolicy;
    readonly api: AwsHttpApi;
}

const DB_NAME = "sharding";
const DB_USER = "sharding";
/** What the router does on a managed shard: point reads and writes, and the shard's Query for scatter-gather. */
export const ROUTER_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"] as const;

export const createAwsSharding: ShardingImplementation<AwsSharding> = (name, resolved, opts) => {
    const owner = `Sharding '${name}'`;
    const { providers, optionsIn } = regionalOptions(name, resolved, opts, (providerName, region) => {
        const profile = new pulumi.Config("aws").get("profile");
        return new aws.Provider(providerName, { region: region as aws.Region, ...(profile && { profile }) }, { parent: opts.parent });
    });

    const managed = resolved.store === "managed" ? managedShards(name, owner, resolved, optionsIn) : undefined;
    const postgres = resolved.store === "postgres" ? postgresShards(name, resolved, opts) : undefined;
    const built: BuiltShard[] = resolved.shards.map((shard) => {
        if (managed) {
            const table = managed.tables[shard.region];
            return {
                location: { kind: "dynamodb", table: table.name, region: shard.region },
                store: table.name,
                endpoint: `dynamodb.${shard.region}.amazonaws.com`,
            };
        }
        const { cluster, secretArn } = postgres!.clusters[shard.name];
        return {
            location: {
                kind: "postgres",
                host: cluster.endpoint,
                port: POSTGRES_PORT,
                database: DB_NAME,
                user: DB_USER,
                auth: "password",
                password: { provider: "aws", secretId: secretArn },
            },
            store: cluster.clusterIdentifier,
            endpoint: cluster.endpoint,
        };
    });

    const router = createAwsFunction(
        `${name}-router`,
        {
            ...routerFunctionArgs(resolved, built),
            environment: postgres && awsPostgresClientEnvironment(postgres.client),
            vpc: postgres && { subnetIds: resolved.aws.postgres!.subnetIds, securityGroupIds: [postgres.client.securityGroup.id] },
        },
        opts,
    );
    const statements: AwsStatement[] = managed
        ? [...shardsByRegion(resolved)].map(([region, shards]) => ({
              actions: ROUTER_TABLE_ACTIONS,
              resources: [managed.tables[region].arn],
              // Fine-grained access: the router's role reaches the items of this table's shards only, each
              // shard's partition keys being `<shard>#<n>` (write-sharding.ts); a shard name has no `#`.
              condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": shards.map((s) => `${s.name}#*`) } },
          }))
        : [{ actions: ["secretsmanager:GetSecretValue"], resources: Object.values(postgres!.clusters).map((c) => c.secretArn) }];
    const { policy: routerPolicy, api } = createAwsFunctionApi(
        name,
        "router",
        router,
        { statements, routes: ROUTES, functionTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS },
        resolved,
        opts,
    );
    return {
        providers: providers as aws.Provider[],
        managed,
        postgres,
        router,
        routerPolicy,
        api,
        routerUrl: api.url,
        shards: shardsOutput(resolved, built),
        shardMap: pulumi.output(shardMapOutput(resolved)),
        apiKey: callerKeyOutput(undefined),
    };
};

function managedShards(
    name: string,
    owner: string,
    resolved: ResolvedShardingArgs,
    optionsIn: (region: string) => pulumi.CustomResourceOptions,
): AwsManagedShards {
    const tables = resolved.regions.map((region) => {
        const prefix = regionalName(name, resolved, region);
        const table = new aws.dynamodb.Table(
            `${prefix}-items`,
            {
                name: checkedName(owner, "aws:dynamodb/table:Table", "name", awsName(`${prefix}-items`, 255)),
                hashKey: "shard",
                rangeKey: "id",
                attributes: [
                    { name: "shard", type: "S" },
                    { name: "id", type: "S" },
                ],
                billingMode: "PAY_PER_REQUEST",
                serverSideEncryption: { enabled: true },
                pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: resolved.retentionDays },
                // The shards are the system of record: deleting the table takes a deliberate step.
                deletionProtectionEnabled: true,
                tags: resolved.tags,
            },
            optionsIn(region),
        );
        return [region, table] as const;
    });
    return { tables: Object.fromEntries(tables) };
}

function postgresShards(name: string, resolved: ResolvedShardingArgs, opts: pulumi.CustomResourceOptions): AwsPostgresShards {
    const { tags } = resolved;
    const networkArgs = resolved.aws.postgres!;
    const names = { owner: `sharded store ${name}`, client: "router", databases: "databases" };
    const network = createAwsPostgresNetwork(name, names, networkArgs, tags, opts);
    const clusters = resolved.shards.map((shard) => {
        const cluster = createAwsPostgresCluster(
            `${name}-${shard.name}-db`,
            {
                databaseName: DB_NAME,
                masterUsername: DB_USER,
                subnetGroup: network.subnetGroup,
                securityGroup: network.securityGroup,
                backupRetentionDays: resolved.retentionDays,
                nameInstance: true,
                tags,
            },
            opts,
        );
        return [shard.name, cluster] as const;
    });
    const client = createAwsPostgresSecretsAccess(
        name,
        names,
        networkArgs,
        network,
        clusters.map(([, c]) => c.secretArn),
        tags,
        opts,
    );
    return { network, clusters: Object.fromEntries(clusters), client };
}
