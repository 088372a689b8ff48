import * as gcp from "@pulumi/gcp";
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
import { spannerDocumentDdl } from "../../handlers/stores/documents/spanner";
import { bigQuerySchema } from "../../handlers/stores/read-model/bigquery-schema";
import { invokeOptions } from "../platform/function-settings";
import { createGcpFunction, GcpFunction, gcpRegion } from "../platform/function-gcp";
import { createGcpApiGateway, GcpApiGateway } from "../platform/http-gcp";
import { gcpResourceId } from "../platform/naming";
import { gcpLabels } from "../platform/tags";
import type { BundleSpec, SettingsInput } from "../platform/types";
import { createGcpChangeStream, GcpChangeStream } from "./gcp-dataflow";
import { createGcpReplication, GcpReplication } from "./gcp-datastream";
import { CqrsGcpSync } from "./args";
import { cqrsNames } from "./names";
import type { CqrsImplementation, CqrsOutputs } from "./outputs";
import { FUNCTION_TIMEOUT_SECONDS, ResolvedCqrsArgs } from "./resolve";

/** Spanner: the instance (processing units), the write database (table + change stream), the Dataflow connector's metadata database. */
export interface GcpWriteStore {
    readonly instance: gcp.spanner.Instance;
    readonly database: gcp.spanner.Database;
    /** Absent with `gcp.sync: "datastream"`: Datastream keeps its own read positions. */
    readonly metadataDatabase?: gcp.spanner.Database;
}

export interface GcpCommandSide {
    readonly writeStore: GcpWriteStore;
    /** The write table and its change stream, in the write database's DDL. */
    readonly table: string;
    readonly changeStreamName: string;
    /** Spanner -> Dataflow (Google's change streams to Pub/Sub template) -> the changes topic; absent with `gcp.sync: "datastream"`. */
    readonly changeStream?: GcpChangeStream;
    readonly command: GcpFunction;
    /** roles/spanner.databaseUser on the write database only. */
    readonly commandAccess: gcp.spanner.DatabaseIAMMember;
    readonly api: GcpApiGateway;
}

export interface GcpProjection {
    /** Eventarc Pub/Sub trigger on the changes topic (or the EventSourcing's topic). */
    readonly projector: GcpFunction;
    /** roles/bigquery.dataEditor on the read dataset only. */
    readonly projectorDatasetAccess: gcp.bigquery.DatasetIamMember;
    /** roles/bigquery.jobUser: the projector queries the versions it holds before writing. */
    readonly projectorJobs: gcp.projects.IAMMember;
    /** Changes given up on (after `maxAgeSeconds` of retries), held by a subscription and alerted on. */
    readonly deadLetterTopic: gcp.pubsub.Topic;
    readonly deadLetterHeld: gcp.pubsub.Subscription;
    readonly deadLetterPublisher: gcp.pubsub.TopicIAMMember;
    readonly deadLetterAlert: gcp.monitoring.AlertPolicy;
}

export interface GcpCqrs extends CqrsOutputs {
    readonly commandSide?: GcpCommandSide;
    /** The projector and its dead letters; absent with `gcp.sync: "datastream"`. */
    readonly projection?: GcpProjection;
    /** Datastream into BigQuery, with `gcp.sync: "datastream"`. */
    readonly replication?: GcpReplication;
    readonly dataset: gcp.bigquery.Dataset;
    /** What the query function reads: the projector's table, or with Datastream the view over Datastream's copy. */
    readonly table: gcp.bigquery.Table;
    readonly query: GcpFunction;
    /** roles/bigquery.dataViewer on the read dataset and roles/bigquery.jobUser on the project: read and run query jobs, nothing else. */
    readonly queryAccess: readonly [gcp.bigquery.DatasetIamMember, gcp.projects.IAMMember];
    readonly queryApi: GcpApiGateway;
}

/** How long the projector retries a change (Eventarc redelivers with back-off) before it dead-letters it. */
export const DEAD_LETTER_AFTER_SECONDS = 3600;
const PUBSUB_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished";

/** A Spanner or BigQuery identifier from the entity name (hyphens are not allowed there). */
export const tableIdentifier = (entity: string) => entity.replace(/-/g, "_");

export const createGcpCqrs: CqrsImplementation<GcpCqrs> = (name, resolved, opts) => {
    const { tags, readModel, bundles } = resolved;
    const owner = `Cqrs '${name}'`;
    const names = cqrsNames(owner, name);
    const region = gcpRegion(owner, resolved.gcp.region);
    const labels = gcpLabels(tags);
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;
    const fn = (role: string, bundle: BundleSpec, settings: SettingsInput<object>, topic?: pulumi.Input<string>) =>
        createGcpFunction(
            `${name}-${role}`,
            {
                bundle,
                memoryMb: resolved.memoryMb,
                timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
                settings,
                tags,
                logRetentionDays: resolved.logRetentionDays,
                region,
                eventTrigger:
                    topic === undefined
                        ? undefined
                        : { eventType: PUBSUB_PUBLISHED, pubsubTopic: topic, retryPolicy: "RETRY_POLICY_RETRY", triggerRegion: region },
            },
            opts,
        );
    const gateway = (role: "command-api" | "query-api", routes: readonly string[], target: GcpFunction) =>
        createGcpApiGateway(
            `${name}-${role}`,
            {
                routes: [...routes],
                fn: target.function,
                region,
                timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
                labels,
                auth: role === "command-api" ? resolved.auth : resolved.queryAuth,
            },
            opts,
        );
    const jobUser = (role: string, member: pulumi.Input<string>) =>
        new gcp.projects.IAMMember(`${name}-${role}-jobs`, { project, role: "roles/bigquery.jobUser", member }, opts);

    const commandSide = bundles.command && command(name, resolved, names, region, labels, project, fn, gateway, opts);

    const dataset = new gcp.bigquery.Dataset(
        `${name}-dataset`,
        { datasetId: names.dataset(), location: region, description: `Read model of CQRS ${name}`, labels },
        opts,
    );
    const datasetMember = (role: string, bqRole: string, member: pulumi.Input<string>) =>
        new gcp.bigquery.DatasetIamMember(`${name}-${role}-dataset-access`, { datasetId: dataset.datasetId, role: bqRole, member }, opts);
    const replicated =
        resolved.gcp.sync === CqrsGcpSync.Datastream && commandSide
            ? createGcpReplication(
                  name,
                  {
                      names,
                      readModel,
                      region,
                      labels,
                      project,
                      writeStore: commandSide.writeStore,
                      table: commandSide.table,
                      changeStreamName: commandSide.changeStreamName,
                      dataset,
                  },
                  opts,
              )
            : undefined;
    const table = replicated?.view ?? readTable(name, readModel, dataset, labels, opts);
    const readStore: SettingsInput<ReadStoreDocument> = {
        kind: "bigquery",
        projectId: project,
        dataset: dataset.datasetId,
        table: table.tableId,
    };
    const projection = replicated
        ? undefined
        : projectChanges(name, { resolved, project, labels, readStore, commandSide, fn, jobUser, datasetMember }, opts);

    const query = fn("query", bundles.query, { readModel, readStore } satisfies SettingsInput<QuerySettingsDocument>);
    const queryAccess = [
        datasetMember("query", "roles/bigquery.dataViewer", query.serviceAccount.member),
        jobUser("query", query.serviceAccount.member),
    ] as const;
    const queryApi = gateway("query-api", queryRoutes(readModel.entity), query);
    return {
        commandSide,
        projection,
        replication: replicated?.replication,
        dataset,
        table,
        query,
        queryAccess,
        queryApi,
        commandUrl: commandSide ? commandSide.api.url : pulumi.output(undefined),
        queryUrl: queryApi.url,
        apiKey: callerKeyOutput(commandSide?.api.apiKey),
        queryApiKey: callerKeyOutput(queryApi.apiKey),
        writeStoreName: commandSide
            ? pulumi.interpolate`${commandSide.writeStore.instance.name}/${commandSide.writeStore.database.name}`
            : pulumi.output(resolved.source!.storeName),
        readStoreName: pulumi.interpolate`${dataset.datasetId}.${table.tableId}`,
    };
};

/** The projector's table: one row per projected version; reads take the newest per id, clustered by it. */
function readTable(
    name: string,
    readModel: ResolvedCqrsArgs["readModel"],
    dataset: gcp.bigquery.Dataset,
    labels: pulumi.Output<Record<string, string>>,
    opts: pulumi.CustomResourceOptions,
): gcp.bigquery.Table {
    return new gcp.bigquery.Table(
        `${name}-read-table`,
        {
            datasetId: dataset.datasetId,
            tableId: tableIdentifier(readModel.entity),
            schema: JSON.stringify(bigQuerySchema(readModel)),
            clusterings: ["cqrsId"],
            // Derived data: the projector rebuilds it from the write model.
            deletionProtection: false,
            labels,
        },
        opts,
    );
}

interface ProjectionArgs {
    readonly resolved: ResolvedCqrsArgs;
    readonly project: pulumi.Output<string>;
    readonly labels: pulumi.Output<Record<string, string>>;
    readonly readStore: SettingsInput<ReadStoreDocument>;
    readonly commandSide: GcpCommandSide | undefined;
    readonly fn: (role: string, bundle: BundleSpec, settings: SettingsInput<object>, topic?: pulumi.Input<string>) => GcpFunction;
    readonly jobUser: (role: string, member: pulumi.Input<string>) => gcp.projects.IAMMember;
    readonly datasetMember: (role: string, bqRole: string, member: pulumi.Input<string>) => gcp.bigquery.DatasetIamMember;
}

/** The projector on the changes topic (Dataflow's, or the EventSourcing's), and where the changes it gives up on go. */
function projectChanges(name: string, args: ProjectionArgs, opts: pulumi.CustomResourceOptions): GcpProjection {
    const { resolved, project, labels, readStore, commandSide, fn, jobUser, datasetMember } = args;
    const { readModel, bundles } = resolved;
    const deadLetterTopic = new gcp.pubsub.Topic(
        `${name}-projection-dlq`,
        { name: gcpResourceId(`${name}-projection-dlq`, 255), labels },
        opts,
    );
    const deadLetterHeld = new gcp.pubsub.Subscription(
        `${name}-projection-dlq-held`,
        // Without a subscription a topic keeps nothing; this one holds dead letters a week for inspection.
        {
            name: gcpResourceId(`${name}-projection-dlq-held`, 255),
            topic: deadLetterTopic.name,
            messageRetentionDuration: "604800s",
            expirationPolicy: { ttl: "" },
            labels,
        },
        opts,
    );
    // The full names Eventarc and the Pub/Sub client take (a Topic's id is that in the provider's state).
    const topicPath = (topic: pulumi.Input<string>) => pulumi.interpolate`projects/${project}/topics/${topic}`;
    // An EventSourcing's `eventsTopic` is already the full name on GCP.
    const changesTopic = commandSide?.changeStream
        ? topicPath(commandSide.changeStream.topic.name)
        : pulumi.output(resolved.source!.eventsTopic);
    const projector = fn(
        "projector",
        bundles.projector!,
        {
            readModel,
            readStore,
            source: commandSide ? "spanner-change-stream" : "event-sourcing",
            deadLetters: { kind: "pubsub", maxAgeSeconds: DEAD_LETTER_AFTER_SECONDS, topic: topicPath(deadLetterTopic.name) },
        } satisfies SettingsInput<ProjectorSettingsDocument>,
        changesTopic,
    );
    return {
        projector,
        projectorDatasetAccess: datasetMember("projector", "roles/bigquery.dataEditor", projector.serviceAccount.member),
        projectorJobs: jobUser("projector", projector.serviceAccount.member),
        deadLetterTopic,
        deadLetterHeld,
        deadLetterPublisher: new gcp.pubsub.TopicIAMMember(
            `${name}-projector-dlq-publisher`,
            { topic: deadLetterTopic.name, role: "roles/pubsub.publisher", member: projector.serviceAccount.member },
            opts,
        ),
        deadLetterAlert: new gcp.monitoring.AlertPolicy(
            `${name}-projection-dlq-alert`,
            {
                displayName: `CQRS ${name}: changes could not be projected`,
                combiner: "OR",
                conditions: [
                    {
                        displayName: "dead-lettered changes waiting",
                        conditionThreshold: {
                            filter: pulumi.interpolate`resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${deadLetterHeld.name}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
                            comparison: "COMPARISON_GT",
                            thresholdValue: 0,
                            duration: "0s",
                            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MAX" }],
                        },
                    },
                ],
                notificationChannels: resolved.alarmNotify === undefined ? [] : [resolved.alarmNotify],
                userLabels: labels,
            },
            opts,
        ),
    };
}

function command(
    name: string,
    resolved: ResolvedCqrsArgs,
    names: ReturnType<typeof cqrsNames>,
    region: pulumi.Input<string>,
    labels: pulumi.Output<Record<string, string>>,
    project: pulumi.Output<string>,
    fn: (role: string, bundle: BundleSpec, settings: SettingsInput<object>) => GcpFunction,
    gateway: (role: "command-api" | "query-api", routes: readonly string[], target: GcpFunction) => GcpApiGateway,
    opts: pulumi.CustomResourceOptions,
): GcpCommandSide {
    const { readModel } = resolved;
    const table = tableIdentifier(readModel.entity);
    const changeStreamName = `${table}_changes`;
    const instance = new gcp.spanner.Instance(
        `${name}-spanner`,
        {
            name: names.spannerInstance(),
            config: pulumi.interpolate`regional-${region}`,
            // Display names are 4-30 characters.
            displayName: `cqrs ${name}`.slice(0, 30).padEnd(4, "-"),
            processingUnits: resolved.gcp.processingUnits,
            edition: "STANDARD",
            labels,
        },
        opts,
    );
    const database = new gcp.spanner.Database(
        `${name}-database`,
        {
            instance: instance.name,
            name: names.spannerDatabase(),
            databaseDialect: "GOOGLE_STANDARD_SQL",
            ddls: spannerDocumentDdl(table, changeStreamName),
            // The write model is the system of record (Spanner encrypts at rest with Google-managed keys).
            deletionProtection: true,
            enableDropProtection: true,
        },
        opts,
    );
    // Dataflow's change streams connector keeps its partition metadata in a database of its own, as the template
    // advises; Datastream reads the same change stream (its NEW_ROW capture is what Datastream requires) and keeps none.
    const dataflow = resolved.gcp.sync === CqrsGcpSync.Dataflow;
    const metadataDatabase = dataflow
        ? new gcp.spanner.Database(
              `${name}-changes-metadata`,
              {
                  instance: instance.name,
                  name: names.metadataDatabase(),
                  databaseDialect: "GOOGLE_STANDARD_SQL",
                  deletionProtection: false,
              },
              opts,
          )
        : undefined;
    const writeStore = { instance, database, metadataDatabase };
    const changeStream = metadataDatabase
        ? createGcpChangeStream(
              name,
              { resolved, names, region, labels, project, writeStore: { ...writeStore, metadataDatabase }, changeStreamName },
              opts,
          )
        : undefined;
    const commandFn = fn("command", resolved.bundles.command!, {
        entity: readModel.entity,
        key: readModel.key,
        writeStore: { kind: "spanner", projectId: project, instance: instance.name, database: database.name, table },
    } satisfies SettingsInput<CommandSettingsDocument>);
    const commandAccess = new gcp.spanner.DatabaseIAMMember(
        `${name}-command-database-access`,
        { instance: instance.name, database: database.name, role: "roles/spanner.databaseUser", member: commandFn.serviceAccount.member },
        opts,
    );
    return {
        writeStore,
        table,
        changeStreamName,
        changeStream,
        command: commandFn,
        commandAccess,
        api: gateway("command-api", commandRoutes(readModel.entity), commandFn),
    };
}
