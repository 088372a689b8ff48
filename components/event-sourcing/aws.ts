import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    POSTGRES_PORT,
    type CommandSettingsDocument,
    type EventBridgePublisherSettingsDocument,
    type StoreDocument,
} from "../../handlers/event-sourcing/settings-document";
import { AwsFunction, AwsStatement, createAwsFunction, grantAws } from "../platform/function-aws";
import { AwsHttpApi, createAwsHttpApi } from "../platform/http-aws";
import { awsDeadLetterAlarm } from "../platform/dead-letter-alarm-aws";
import { awsName } from "../platform/naming";
import type { SettingsInput } from "../platform/types";
import type { EventSourcingImplementation, EventSourcingOutputs } from "./outputs";
import { ResolvedEventSourcingArgs, FUNCTION_TIMEOUT_SECONDS, ROUTES } from "./resolve";
import { streamPublisherBundle } from "./functions";
import { callerKeyOutput } from "../platform/front-door-auth";
import {
    awsPostgresClientEnvironment,
    AwsPostgresClientNetwork,
    AwsSecretsEndpoint,
    createAwsPostgresCluster,
    createAwsPostgresNetwork,
    createAwsPostgresSecretsAccess,
} from "../platform/postgres-aws";

/** The DynamoDB store: events keyed (streamId, version), snapshots in a table of their own. */
export interface AwsDynamoStore {
    readonly events: aws.dynamodb.Table;
    readonly snapshots: aws.dynamodb.Table;
}

/** Aurora Serverless v2 PostgreSQL in the given private subnets; its password is managed in Secrets Manager. */
export interface AwsPostgresStore {
    readonly cluster: aws.rds.Cluster;
    readonly instance: aws.rds.ClusterInstance;
    readonly subnetGroup: aws.rds.SubnetGroup;
    /** The database's group: 5432 from the command function's group, nothing else. */
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly databaseIngress: aws.vpc.SecurityGroupIngressRule;
    /** The command function's network: the same subnets, this group, reaching only the database and Secrets Manager. */
    readonly network: AwsCommandNetwork;
}

/** How the command function (in the VPC, without internet) reaches the database and its password. */
export type AwsCommandNetwork = AwsPostgresClientNetwork;
export type { AwsSecretsEndpoint };

/**
 * Table stream -> EventBridge Pipe (INSERTs only) -> the publisher function -> a bus of its own.
 * Records the bus does not take go whole to the dead-letter queue (from the function); a batch the
 * function itself fails goes there too after the Pipe's retries, as the Pipe's batch metadata.
 */
export interface AwsEventPublishing {
    readonly bus: aws.cloudwatch.EventBus;
    readonly publisher: AwsFunction;
    /** events:PutEvents on the bus and sqs:SendMessage on the dead-letter queue. */
    readonly publisherPolicy: aws.iam.RolePolicy;
    readonly pipe: aws.pipes.Pipe;
    readonly pipeRole: aws.iam.Role;
    readonly pipePolicy: aws.iam.RolePolicy;
    readonly deadLetterQueue: aws.sqs.Queue;
    /** Fires while the dead-letter queue holds a dead letter. */
    readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
}

export interface AwsEventSourcing extends EventSourcingOutputs {
    readonly dynamodb?: AwsDynamoStore;
    readonly postgres?: AwsPostgresStore;
    readonly publishing?: AwsEventPublishing;
    readonly command: AwsFunction;
    readonly commandPolicy: aws.iam.RolePolicy;
    readonly api: AwsHttpApi;
}

const DB_NAME = "eventsourcing";
const DB_USER = "eventsourcing";
export const PIPE_SOURCE = "cloud-patterns.event-sourcing";
export const PIPE_DETAIL_TYPE = "EventRecorded";
/** The publisher retries and dead-letters within this; the Pipe waits for it (a synchronous target). */
const PUBLISHER_TIMEOUT_SECONDS = 30;
const PUBLISHER_MEMORY_MB = 256;

export const createAwsEventSourcing: EventSourcingImplementation<AwsEventSourcing> = (name, resolved, opts) => {
    const tags = resolved.tags;
    const dynamodb = resolved.store === "native" ? dynamoStore(name, resolved, opts) : undefined;
    const postgres = resolved.store === "postgres" ? postgresStore(name, resolved, opts) : undefined;

    const store: SettingsInput<StoreDocument> = dynamodb
        ? { kind: "dynamodb", eventsTable: dynamodb.events.name, snapshotsTable: dynamodb.snapshots.name }
        : {
              kind: "postgres",
              host: postgres!.cluster.endpoint,
              port: POSTGRES_PORT,
              database: DB_NAME,
              user: DB_USER,
              auth: "password",
              password: { provider: "aws", secretId: postgres!.cluster.masterUserSecrets.apply((s) => s[0].secretArn) },
          };
    const command = createAwsFunction(
        `${name}-command`,
        {
            bundle: resolved.command,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
            settings: { store, snapshotEvery: resolved.snapshotEvery } satisfies SettingsInput<CommandSettingsDocument>,
            environment: postgres && awsPostgresClientEnvironment(postgres.network),
            vpc: postgres && { subnetIds: resolved.aws.postgres!.subnetIds, securityGroupIds: [postgres.network.securityGroup.id] },
            tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    const statements: AwsStatement[] = dynamodb
        ? [
              // PutItem covers the conditional put and each Put of a TransactWriteItems.
              { actions: ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"], resources: [dynamodb.events.arn] },
              { actions: ["dynamodb:Query", "dynamodb:PutItem"], resources: [dynamodb.snapshots.arn] },
          ]
        : [{ actions: ["secretsmanager:GetSecretValue"], resources: [postgres!.cluster.masterUserSecrets.apply((s) => s[0].secretArn)] }];
    const commandPolicy = grantAws(`${name}-command`, command.role, statements, opts);
    const api = createAwsHttpApi(
        `${name}-api`,
        {
            routes: [...ROUTES],
            fn: command.function,
            timeoutMs: (FUNCTION_TIMEOUT_SECONDS + 1) * 1000,
            throttle: { rateLimit: resolved.aws.throttlingRateLimit, burstLimit: resolved.aws.throttlingBurstLimit },
            tags,
            logRetentionDays: resolved.logRetentionDays,
            auth: resolved.auth,
        },
        opts,
    );
    const publishing = resolved.publish && dynamodb ? publish(name, resolved, dynamodb.events, opts) : undefined;
    return {
        dynamodb,
        postgres,
        publishing,
        command,
        commandPolicy,
        api,
        commandUrl: api.url,
        apiKey: callerKeyOutput(undefined),
        storeName: dynamodb ? dynamodb.events.name : postgres!.cluster.clusterIdentifier,
        eventsTopic: publishing ? publishing.bus.name : pulumi.output(""),
        eventsTopicId: publishing ? publishing.bus.arn : pulumi.output(""),
    };
};

function dynamoStore(name: string, resolved: ResolvedEventSourcingArgs, opts: pulumi.CustomResourceOptions): AwsDynamoStore {
    const keyed = {
        hashKey: "streamId",
        rangeKey: "version",
        attributes: [
            { name: "streamId", type: "S" },
            { name: "version", type: "N" },
        ],
        billingMode: "PAY_PER_REQUEST",
        serverSideEncryption: { enabled: true },
        tags: resolved.tags,
    };
    const events = new aws.dynamodb.Table(
        `${name}-events`,
        {
            ...keyed,
            name: awsName(`${name}-events`, 255),
            pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: resolved.retentionDays },
            // The events are the system of record: deleting the table takes a deliberate step.
            deletionProtectionEnabled: true,
            streamEnabled: resolved.publish,
            streamViewType: resolved.publish ? "NEW_IMAGE" : undefined,
        },
        opts,
    );
    // Snapshots are derived data (replay rebuilds them): no PITR, no deletion protection.
    const snapshots = new aws.dynamodb.Table(`${name}-snapshots`, { ...keyed, name: awsName(`${name}-snapshots`, 255) }, opts);
    return { events, snapshots };
}

function publish(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    events: aws.dynamodb.Table,
    opts: pulumi.CustomResourceOptions,
): AwsEventPublishing {
    const tags = resolved.tags;
    const bus = new aws.cloudwatch.EventBus(`${name}-bus`, { name: awsName(`${name}-events`), tags }, opts);
    const deadLetterQueue = new aws.sqs.Queue(
        `${name}-publish-dlq`,
        { name: awsName(`${name}-publish-dlq`, 80), sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 24 * 3600, tags },
        opts,
    );
    // A dead letter is an event the consumers have not seen (or a batch the stream keeps only 24 hours): alarm at once.
    const deadLetterAlarm = awsDeadLetterAlarm(`${name}-publish-dlq-alarm`, deadLetterQueue, resolved.alarmNotify, tags, opts);
    const publisher = createAwsFunction(
        `${name}-publisher`,
        {
            bundle: streamPublisherBundle(),
            memoryMb: PUBLISHER_MEMORY_MB,
            timeoutSeconds: PUBLISHER_TIMEOUT_SECONDS,
            settings: {
                busName: bus.name,
                source: PIPE_SOURCE,
                detailType: PIPE_DETAIL_TYPE,
                deadLetterQueueUrl: deadLetterQueue.url,
            } satisfies SettingsInput<EventBridgePublisherSettingsDocument>,
            tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    const publisherPolicy = grantAws(
        `${name}-publisher`,
        publisher.role,
        [
            { actions: ["events:PutEvents"], resources: [bus.arn] },
            { actions: ["sqs:SendMessage"], resources: [deadLetterQueue.arn] },
        ],
        opts,
    );
    const account = aws.getCallerIdentityOutput({}, { parent: opts.parent });
    const pipeRole = new aws.iam.Role(
        `${name}-pipe-role`,
        {
            name: awsName(`${name}-pipe-role`),
            assumeRolePolicy: account.accountId.apply((accountId) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "pipes.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
                        },
                    ],
                }),
            ),
            tags,
        },
        opts,
    );
    const pipePolicy = new aws.iam.RolePolicy(
        `${name}-pipe-policy`,
        {
            role: pipeRole.name,
            policy: pulumi.all([events.streamArn, publisher.function.arn, deadLetterQueue.arn]).apply(([streamArn, functionArn, dlqArn]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
                            Resource: [streamArn],
                        },
                        { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [functionArn] },
                        { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
                    ],
                }),
            ),
        },
        opts,
    );
    const pipe = new aws.pipes.Pipe(
        `${name}-pipe`,
        {
            name: awsName(`${name}-pipe`),
            roleArn: pipeRole.arn,
            source: events.streamArn,
            target: publisher.function.arn,
            sourceParameters: {
                dynamodbStreamParameters: {
                    startingPosition: "TRIM_HORIZON",
                    batchSize: 10,
                    // Bounded, then the batch goes to the dead-letter queue instead of blocking the shard. The
                    // function fails a batch only when it could not dead-letter a record itself.
                    maximumRetryAttempts: 10,
                    deadLetterConfig: { arn: deadLetterQueue.arn },
                },
                // Events are only ever inserted; anything else on the table is not an event.
                filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: ["INSERT"] }) }] },
            },
            // Synchronous, so the Pipe sees the function fail and retries the batch.
            targetParameters: { lambdaFunctionParameters: { invocationType: "REQUEST_RESPONSE" } },
            tags,
        },
        pulumi.mergeOptions(opts, { dependsOn: [pipePolicy, publisherPolicy] }),
    );
    return { bus, publisher, publisherPolicy, pipe, pipeRole, pipePolicy, deadLetterQueue, deadLetterAlarm };
}

function postgresStore(name: string, resolved: ResolvedEventSourcingArgs, opts: pulumi.CustomResourceOptions): AwsPostgresStore {
    const network = resolved.aws.postgres!;
    const tags = resolved.tags;
    const names = { owner: `event store ${name}`, client: "command", databases: "database" };
    const base = createAwsPostgresNetwork(name, names, network, tags, opts);
    const { cluster, instance, secretArn } = createAwsPostgresCluster(
        `${name}-db`,
        {
            databaseName: DB_NAME,
            masterUsername: DB_USER,
            subnetGroup: base.subnetGroup,
            securityGroup: base.securityGroup,
            backupRetentionDays: resolved.retentionDays,
            tags,
        },
        opts,
    );
    return {
        cluster,
        instance,
        subnetGroup: base.subnetGroup,
        securityGroup: base.securityGroup,
        databaseIngress: base.databaseIngress,
        network: createAwsPostgresSecretsAccess(name, names, network, base, [secretArn], tags, opts),
    };
}
