import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { callerKeyOutput } from "../platform/front-door-auth";
import {
    commandRoutes,
    queryRoutes,
    type CommandSettingsDocument,
    type ProjectorSettingsDocument,
    type QuerySettingsDocument,
    type ReadStoreDocument,
} from "../../handlers/cqrs/settings-document";
import { TTL_ATTRIBUTE } from "../../handlers/stores/documents/ttl-attribute";
import { PIPE_DETAIL_TYPE, PIPE_SOURCE } from "../event-sourcing/aws";
import { invokeOptions } from "../platform/function-settings";
import { AwsFunction, createAwsFunction, grantAws } from "../platform/function-aws";
import { AwsHttpApi, createAwsHttpApi } from "../platform/http-aws";
import type { BundleSpec, SettingsInput } from "../platform/types";
import { AwsReadStore, AwsReadStoreAccess, createAwsReadStore } from "./aws-search";
import { cqrsNames } from "./names";
import type { CqrsImplementation, CqrsOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedCqrsArgs } from "./resolve";

/** The write model and its command API (absent with `source`). */
export interface AwsCommandSide {
    /** On demand, encrypted, PITR, stream NEW_AND_OLD_IMAGES, TTL on tombstones. */
    readonly table: aws.dynamodb.Table;
    readonly command: AwsFunction;
    readonly commandPolicy: aws.iam.RolePolicy;
    readonly api: AwsHttpApi;
}

/** With `source`: the EventSourcing's events, from its bus through a rule into a queue the projector reads. */
export interface AwsEventFeed {
    readonly rule: aws.cloudwatch.EventRule;
    readonly target: aws.cloudwatch.EventTarget;
    readonly queue: aws.sqs.Queue;
    readonly queuePolicy: aws.sqs.QueuePolicy;
}

export interface AwsProjection {
    readonly projector: AwsFunction;
    readonly projectorPolicy: aws.iam.RolePolicy;
    /** Table stream (or events queue) -> projector: partial batch responses, bisect, bounded retries. */
    readonly mapping: aws.lambda.EventSourceMapping;
    /** Changes that failed every retry: the stream mapping's on-failure destination, or the events queue's redrive target. */
    readonly deadLetterQueue: aws.sqs.Queue;
    /** In alarm as soon as a change is dead-lettered. */
    readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
    readonly events?: AwsEventFeed;
}

export interface AwsCqrs extends CqrsOutputs {
    readonly commandSide?: AwsCommandSide;
    readonly projection: AwsProjection;
    readonly readStore: AwsReadStore;
    /** The domain's resource policy or the collection's data access policy, naming the projector's and the query function's roles. */
    readonly readStoreAccess: AwsReadStoreAccess;
    readonly query: AwsFunction;
    readonly queryPolicy: aws.iam.RolePolicy;
    readonly queryApi: AwsHttpApi;
}

/** Seconds a dead-lettered change is kept: SQS's longest. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;
/** SQS event source mappings take at most 10 messages a batch without a batching window. */
const SQS_BATCH_MAX = 10;

export const createAwsCqrs: CqrsImplementation<AwsCqrs> = (name, resolved, opts) => {
    const { tags, readModel, bundles } = resolved;
    const names = cqrsNames(`Cqrs '${name}'`, name);
    const region = aws.getRegionOutput({}, invokeOptions(opts)).region;
    const fn = (role: string, bundle: BundleSpec, settings: SettingsInput<object>) =>
        createAwsFunction(
            `${name}-${role}`,
            {
                bundle,
                memoryMb: resolved.memoryMb,
                timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
                settings,
                tags,
                logRetentionDays: resolved.logRetentionDays,
            },
            opts,
        );
    const api = (role: "command-api" | "query-api", routes: readonly string[], target: AwsFunction) =>
        createAwsHttpApi(
            `${name}-${role}`,
            {
                routes: [...routes],
                auth: role === "command-api" ? resolved.auth : resolved.queryAuth,
                fn: target.function,
                timeoutMs: (FUNCTION_TIMEOUT_SECONDS + 1) * 1000,
                throttle: { rateLimit: resolved.aws.throttlingRateLimit, burstLimit: resolved.aws.throttlingBurstLimit },
                tags,
                logRetentionDays: resolved.logRetentionDays,
            },
            opts,
        );

    const commandSide = bundles.command && command(name, names.writeTable(), resolved, bundles.command, fn, api, opts);
    const readStore = createAwsReadStore(name, resolved, opts);
    const readStoreSettings: SettingsInput<ReadStoreDocument> = {
        kind: "opensearch",
        endpoint: readStore.endpoint,
        service: readStore.service,
        region,
        index: readModel.entity,
    };

    const projection = project(name, resolved, names, readStore, readStoreSettings, commandSide?.table, fn, opts);
    const query = fn("query", bundles.query, { readModel, readStore: readStoreSettings } satisfies SettingsInput<QuerySettingsDocument>);
    const queryPolicy = grantAws(`${name}-query`, query.role, [readStore.queryStatement], opts);
    const readStoreAccess = readStore.admit({ projector: projection.projector.role, query: query.role });
    const queryApi = api("query-api", queryRoutes(readModel.entity), query);
    return {
        commandSide,
        projection,
        readStore,
        readStoreAccess,
        query,
        queryPolicy,
        queryApi,
        commandUrl: commandSide ? commandSide.api.url : pulumi.output(undefined),
        queryUrl: queryApi.url,
        apiKey: callerKeyOutput(undefined),
        queryApiKey: callerKeyOutput(undefined),
        writeStoreName: commandSide ? commandSide.table.name : pulumi.output(resolved.source!.storeName),
        readStoreName: pulumi.interpolate`${readStore.name}/${readModel.entity}`,
    };
};

type MakeFunction = (role: string, bundle: BundleSpec, settings: SettingsInput<object>) => AwsFunction;

function command(
    name: string,
    tableName: string,
    resolved: ResolvedCqrsArgs,
    bundle: BundleSpec,
    fn: MakeFunction,
    api: (role: "command-api" | "query-api", routes: readonly string[], target: AwsFunction) => AwsHttpApi,
    opts: pulumi.CustomResourceOptions,
): AwsCommandSide {
    const table = new aws.dynamodb.Table(
        `${name}-writes`,
        {
            name: tableName,
            hashKey: "id",
            attributes: [{ name: "id", type: "S" }],
            billingMode: "PAY_PER_REQUEST",
            serverSideEncryption: { enabled: true },
            pointInTimeRecovery: { enabled: true },
            streamEnabled: true,
            // The projector reads the new image; the old one lets a user's projection see what changed.
            streamViewType: "NEW_AND_OLD_IMAGES",
            ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
            // The write model is the system of record: deleting it takes a deliberate step.
            deletionProtectionEnabled: true,
            tags: resolved.tags,
        },
        opts,
    );
    const { entity, key } = resolved.readModel;
    const commandFn = fn("command", bundle, {
        entity,
        key,
        writeStore: { kind: "dynamodb", table: table.name },
    } satisfies SettingsInput<CommandSettingsDocument>);
    const commandPolicy = grantAws(
        `${name}-command`,
        commandFn.role,
        [{ actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: [table.arn] }],
        opts,
    );
    return { table, command: commandFn, commandPolicy, api: api("command-api", commandRoutes(entity), commandFn) };
}

function project(
    name: string,
    resolved: ResolvedCqrsArgs,
    names: ReturnType<typeof cqrsNames>,
    readStore: AwsReadStore,
    readStoreSettings: SettingsInput<ReadStoreDocument>,
    table: aws.dynamodb.Table | undefined,
    fn: MakeFunction,
    opts: pulumi.CustomResourceOptions,
): AwsProjection {
    const { tags } = resolved;
    const deadLetterQueue = new aws.sqs.Queue(
        `${name}-projection-dlq`,
        { name: names.queue("projection-dlq"), sqsManagedSseEnabled: true, messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS, tags },
        opts,
    );
    const deadLetterAlarm = new aws.cloudwatch.MetricAlarm(
        `${name}-projection-dlq-alarm`,
        {
            alarmDescription: `Changes of CQRS ${name} that could not be projected after every retry are waiting in the dead-letter queue`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: deadLetterQueue.name },
            statistic: "Maximum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: resolved.alarmNotify === undefined ? [] : [resolved.alarmNotify],
            okActions: resolved.alarmNotify === undefined ? [] : [resolved.alarmNotify],
            tags,
        },
        opts,
    );
    const events = table ? undefined : eventFeed(name, resolved, names, deadLetterQueue, opts);
    const projector = fn("projector", resolved.bundles.projector!, {
        readModel: resolved.readModel,
        readStore: readStoreSettings,
        // No deadLetters: the event source mapping (or the queue's redrive policy) counts the attempts and dead-letters.
        source: table ? "dynamodb-stream" : "event-sourcing",
    } satisfies SettingsInput<ProjectorSettingsDocument>);
    const changes = table
        ? [
              { actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"], resources: [table.streamArn] },
              // The mapping's on-failure destination is sent with the function's role.
              { actions: ["sqs:SendMessage"], resources: [deadLetterQueue.arn] },
          ]
        : [
              {
                  actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                  resources: [events!.queue.arn],
              },
          ];
    const projectorPolicy = grantAws(`${name}-projector`, projector.role, [...changes, readStore.projectorStatement], opts);
    const mapping = new aws.lambda.EventSourceMapping(
        `${name}-projection`,
        table
            ? {
                  eventSourceArn: table.streamArn,
                  functionName: projector.function.name,
                  startingPosition: "TRIM_HORIZON",
                  batchSize: resolved.aws.batchSize,
                  functionResponseTypes: ["ReportBatchItemFailures"],
                  // A failing batch is split in two until the failing record is alone; only it is dead-lettered.
                  bisectBatchOnFunctionError: true,
                  maximumRetryAttempts: resolved.aws.maxRetries,
                  destinationConfig: { onFailure: { destinationArn: deadLetterQueue.arn } },
                  tags,
              }
            : {
                  eventSourceArn: events!.queue.arn,
                  functionName: projector.function.name,
                  batchSize: Math.min(resolved.aws.batchSize, SQS_BATCH_MAX),
                  functionResponseTypes: ["ReportBatchItemFailures"],
                  tags,
              },
        pulumi.mergeOptions(opts, { dependsOn: [projectorPolicy] }),
    );
    return { projector, projectorPolicy, mapping, deadLetterQueue, deadLetterAlarm, events };
}

/** The EventSourcing's committed events (its Pipe's `EventRecorded` on its bus) -> a queue; after the retries, the dead-letter queue. */
function eventFeed(
    name: string,
    resolved: ResolvedCqrsArgs,
    names: ReturnType<typeof cqrsNames>,
    deadLetterQueue: aws.sqs.Queue,
    opts: pulumi.CustomResourceOptions,
): AwsEventFeed {
    const { tags } = resolved;
    const bus = resolved.source!.eventsTopic;
    const queue = new aws.sqs.Queue(
        `${name}-events`,
        {
            name: names.queue("events"),
            sqsManagedSseEnabled: true,
            // Six times the function's timeout, as Lambda advises for a queue it reads.
            visibilityTimeoutSeconds: 6 * FUNCTION_TIMEOUT_SECONDS,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: resolved.aws.maxRetries + 1 }),
            tags,
        },
        opts,
    );
    const rule = new aws.cloudwatch.EventRule(
        `${name}-events-rule`,
        { eventBusName: bus, eventPattern: JSON.stringify({ source: [PIPE_SOURCE], "detail-type": [PIPE_DETAIL_TYPE] }), tags },
        opts,
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
        `${name}-events-policy`,
        {
            queueUrl: queue.url,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "events.amazonaws.com" },
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                        Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
                    },
                ],
            }),
        },
        opts,
    );
    const target = new aws.cloudwatch.EventTarget(`${name}-events-target`, { rule: rule.name, eventBusName: bus, arn: queue.arn }, opts);
    return { rule, target, queue, queuePolicy };
}
