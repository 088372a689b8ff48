/**
 * The GCP sync path the catalogue names: Google's "Spanner change streams to Pub/Sub" Flex
 * Template reads the write database's change stream and publishes each data change record (JSON)
 * to the changes topic. A streaming job: it never scales to zero (the cost report says so). Its
 * workers run as an identity of their own that may read the write database, keep the connector's
 * metadata in the metadata database, publish to this topic and use this temp bucket, nothing more.
 * Parameters: DataflowTemplates v2/googlecloud-to-googlecloud/README_Spanner_Change_Streams_to_PubSub.md.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpResourceId, gcpServiceAccountId, gcsBucketName } from "../platform/naming";
import type { GcpWriteStore } from "./gcp";
import type { cqrsNames } from "./names";
import type { ResolvedCqrsArgs } from "./resolve";

export interface GcpChangeStream {
    readonly topic: gcp.pubsub.Topic;
    readonly job: gcp.dataflow.FlexTemplateJob;
    readonly workers: gcp.serviceaccount.Account;
    readonly tempBucket: gcp.storage.Bucket;
    /** dataflow.worker on the project; databaseReader / databaseAdmin on the two databases; publisher on the topic; objectAdmin on the bucket. */
    readonly access: readonly pulumi.CustomResource[];
}

export interface GcpChangeStreamArgs {
    readonly resolved: ResolvedCqrsArgs;
    readonly names: ReturnType<typeof cqrsNames>;
    readonly region: pulumi.Input<string>;
    readonly labels: pulumi.Output<Record<string, string>>;
    readonly project: pulumi.Output<string>;
    readonly writeStore: GcpWriteStore & Required<Pick<GcpWriteStore, "metadataDatabase">>;
    readonly changeStreamName: string;
}

export const CHANGE_STREAMS_TEMPLATE = "Spanner_Change_Streams_to_PubSub";

export function createGcpChangeStream(name: string, args: GcpChangeStreamArgs, opts: pulumi.CustomResourceOptions): GcpChangeStream {
    const { names, region, labels, project, writeStore } = args;
    const topic = new gcp.pubsub.Topic(
        `${name}-changes`,
        // A day of changes survives a projector outage; Eventarc's subscription reads from here.
        { name: gcpResourceId(`${name}-changes`, 255), messageRetentionDuration: "86400s", labels },
        opts,
    );
    const workers = new gcp.serviceaccount.Account(
        `${name}-dataflow-identity`,
        {
            accountId: gcpServiceAccountId(`${name}-dataflow`),
            displayName: `${name} change stream workers`,
            description: "Dataflow workers of a CQRS change stream (cloud-patterns)",
        },
        opts,
    );
    const tempBucket = new gcp.storage.Bucket(
        `${name}-dataflow-temp`,
        {
            name: gcsBucketName(`${name}-dataflow-temp`),
            location: region,
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            // Staging files only: kept a week.
            lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 7 } }],
            labels,
        },
        opts,
    );
    const member = workers.member;
    const database = (role: string, db: gcp.spanner.Database, dbRole: string) =>
        new gcp.spanner.DatabaseIAMMember(
            `${name}-dataflow-${role}`,
            { instance: writeStore.instance.name, database: db.name, role: dbRole, member },
            opts,
        );
    const access = [
        new gcp.projects.IAMMember(`${name}-dataflow-worker`, { project, role: "roles/dataflow.worker", member }, opts),
        database("reads-changes", writeStore.database, "roles/spanner.databaseReader"),
        // The connector creates and updates its partition metadata table there.
        database("keeps-metadata", writeStore.metadataDatabase, "roles/spanner.databaseAdmin"),
        new gcp.pubsub.TopicIAMMember(`${name}-dataflow-publisher`, { topic: topic.name, role: "roles/pubsub.publisher", member }, opts),
        new gcp.storage.BucketIAMMember(
            `${name}-dataflow-temp-access`,
            { bucket: tempBucket.name, role: "roles/storage.objectAdmin", member },
            opts,
        ),
    ];
    const job = new gcp.dataflow.FlexTemplateJob(
        `${name}-changes-job`,
        {
            name: names.dataflowJob(),
            region,
            containerSpecGcsPath: pulumi.interpolate`gs://dataflow-templates-${region}/latest/flex/${CHANGE_STREAMS_TEMPLATE}`,
            parameters: {
                spannerInstanceId: writeStore.instance.name,
                spannerDatabase: writeStore.database.name,
                spannerMetadataInstanceId: writeStore.instance.name,
                spannerMetadataDatabase: writeStore.metadataDatabase.name,
                spannerChangeStreamName: args.changeStreamName,
                pubsubTopic: topic.name,
                outputDataFormat: "JSON",
            },
            serviceAccountEmail: workers.email,
            tempLocation: pulumi.interpolate`gs://${tempBucket.name}/tmp`,
            stagingLocation: pulumi.interpolate`gs://${tempBucket.name}/staging`,
            // The smallest streaming footprint: one worker; cancel (not drain) on delete.
            machineType: "e2-standard-2",
            maxWorkers: 1,
            enableStreamingEngine: true,
            onDelete: "cancel",
            labels,
        },
        pulumi.mergeOptions(opts, { dependsOn: access }),
    );
    return { topic, job, workers, tempBucket, access };
}
