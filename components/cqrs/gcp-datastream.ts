/**
 * The GCP sync path `gcp.sync: "datastream"`: Datastream reads the write database's change stream
 * and merges current state into a BigQuery table; a view over that table presents the read model's
 * columns to the query function. No projector, no Pub/Sub, no streaming job: Datastream bills by the
 * GiB processed and an idle stream costs nothing (Google Cloud, "Datastream pricing").
 *
 * Facts this depends on (Google Cloud, Datastream docs):
 * - "Spanner as a source": Datastream reads an existing change stream and creates or changes none;
 *   only NEW_ROW (newer pages: or NEW_ROW_AND_OLD_VALUES) value capture is supported. The component's
 *   change stream is NEW_ROW already (handlers/stores/documents/spanner.ts), so its DDL is the same on
 *   both paths; it watches only the write table, which is therefore all the stream copies.
 * - "Configure a BigQuery destination": merge mode writes current state, `dataFreshness` bounds the
 *   staleness of what queries read, and the dataset must be in the stream's project (the provider's
 *   project here, like every child). Google recommends the stream, its profiles and the dataset in one
 *   region: all of them take `region`, which must be a Datastream region (the pricing page lists them).
 * - "Configure a source Spanner database": the Datastream service agent reads the database with
 *   roles/spanner.databaseReader; BigQuery writes use the Storage Write API, whose permission
 *   (bigquery.tables.updateData) roles/bigquery.dataEditor carries.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { ReadModelDocument } from "../../handlers/cqrs/settings-document";
import { invokeOptions } from "../platform/function-settings";
import type { GcpWriteStore } from "./gcp";
import { DATASTREAM_PRIMARY_KEY, datastreamTableSchema, readModelViewSql } from "./gcp-datastream-view";
import type { cqrsNames } from "./names";

/**
 * How stale the replicated table may be when read: 5 minutes, the Azure indexer path's shortest
 * schedule too. The provider's `dataFreshness` (Datastream's default 900s; "lower values mean that
 * queries will return fresher data, but may result in higher cost": BigQuery applies the merged
 * changes in background jobs at least that often).
 */
export const DATA_FRESHNESS_SECONDS = 300;

export interface GcpReplication {
    /** Spanner connection profile: the write database. */
    readonly sourceProfile: gcp.datastream.ConnectionProfile;
    /** BigQuery connection profile (it carries no settings of its own). */
    readonly destinationProfile: gcp.datastream.ConnectionProfile;
    /** Change stream -> merge into the replica table; backfills what the table already holds. */
    readonly stream: gcp.datastream.Stream;
    /** Datastream's table, declared ahead so the view over it is valid when BigQuery checks it at creation. */
    readonly replicaTable: gcp.bigquery.Table;
    /** The Datastream service agent: databaseReader on the write database, dataEditor on the read dataset, nothing project-wide. */
    readonly agentAccess: readonly [gcp.spanner.DatabaseIAMMember, gcp.bigquery.DatasetIamMember];
}

export interface GcpReplicationArgs {
    readonly names: ReturnType<typeof cqrsNames>;
    readonly readModel: ReadModelDocument;
    readonly region: pulumi.Input<string>;
    readonly labels: pulumi.Output<Record<string, string>>;
    readonly project: pulumi.Output<string>;
    readonly writeStore: GcpWriteStore;
    readonly table: string;
    readonly changeStreamName: string;
    readonly dataset: gcp.bigquery.Dataset;
}

/** Datastream's per-project service agent (Google Cloud IAM, "Service agents": Datastream Service Agent). */
export const datastreamServiceAgent = (projectNumber: pulumi.Input<string>) =>
    pulumi.interpolate`serviceAccount:service-${projectNumber}@gcp-sa-datastream.iam.gserviceaccount.com`;

export function createGcpReplication(
    name: string,
    args: GcpReplicationArgs,
    opts: pulumi.CustomResourceOptions,
): { replication: GcpReplication; view: gcp.bigquery.Table } {
    const { names, region, labels, project, writeStore, dataset } = args;
    const agent = datastreamServiceAgent(gcp.organizations.getProjectOutput({}, invokeOptions(opts)).number);
    // Google grants the agent roles/datastream.serviceAgent on the project when the API is enabled; the
    // grants here are what this stream needs, on what it reads and writes only, so it does not rest on that.
    const agentAccess = [
        new gcp.spanner.DatabaseIAMMember(
            `${name}-datastream-reads-changes`,
            { instance: writeStore.instance.name, database: writeStore.database.name, role: "roles/spanner.databaseReader", member: agent },
            opts,
        ),
        new gcp.bigquery.DatasetIamMember(
            `${name}-datastream-dataset-access`,
            { datasetId: dataset.datasetId, role: "roles/bigquery.dataEditor", member: agent },
            opts,
        ),
    ] as const;
    const profile = (role: string, profileArgs: Partial<gcp.datastream.ConnectionProfileArgs>) =>
        new gcp.datastream.ConnectionProfile(
            `${name}-${role}`,
            {
                connectionProfileId: names.datastreamProfile(role),
                displayName: `CQRS ${name} ${role}`,
                location: region,
                labels,
                ...profileArgs,
            },
            opts,
        );
    const sourceProfile = profile("spanner-source", {
        spannerProfile: {
            database: pulumi.interpolate`projects/${project}/instances/${writeStore.instance.name}/databases/${writeStore.database.name}`,
        },
    });
    const destinationProfile = profile("bigquery-destination", { bigqueryProfile: {} });
    const replicaTable = new gcp.bigquery.Table(
        `${name}-read-replica`,
        {
            datasetId: dataset.datasetId,
            tableId: names.datastreamTable(args.table),
            description: `Datastream's merged copy of the CQRS ${name} write table`,
            schema: JSON.stringify(datastreamTableSchema()),
            // BigQuery CDC merges upserts and deletes on the primary key and applies them within max_staleness
            // (BigQuery, "Stream table updates with change data capture"): the stream's freshness.
            tableConstraints: { primaryKey: { columns: [...DATASTREAM_PRIMARY_KEY] } },
            maxStaleness: `0-0 0 0:${DATA_FRESHNESS_SECONDS / 60}:0`,
            clusterings: [...DATASTREAM_PRIMARY_KEY],
            // Derived data: a new stream backfills it from the write model.
            deletionProtection: false,
            labels,
        },
        opts,
    );
    const stream = new gcp.datastream.Stream(
        `${name}-datastream`,
        {
            streamId: names.datastreamStream(),
            displayName: `CQRS ${name} write model to read model`,
            location: region,
            // The provider creates a stream NOT_STARTED unless told otherwise.
            desiredState: "RUNNING",
            // What the write table holds when the stream starts is copied first (billed at the backfill rate).
            backfillAll: {},
            sourceConfig: {
                sourceConnectionProfile: sourceProfile.id,
                spannerSourceConfig: { changeStreamName: args.changeStreamName },
            },
            destinationConfig: {
                destinationConnectionProfile: destinationProfile.id,
                bigqueryDestinationConfig: {
                    merge: {},
                    dataFreshness: `${DATA_FRESHNESS_SECONDS}s`,
                    singleTargetDataset: { datasetId: pulumi.interpolate`projects/${project}/datasets/${dataset.datasetId}` },
                },
            },
            labels,
        },
        pulumi.mergeOptions(opts, { dependsOn: [...agentAccess, replicaTable] }),
    );
    const view = new gcp.bigquery.Table(
        `${name}-read-view`,
        {
            datasetId: dataset.datasetId,
            tableId: names.readView(args.table),
            description: `Read model of CQRS ${name}: its fields from the documents Datastream copies`,
            view: {
                query: pulumi
                    .all([project, dataset.datasetId, replicaTable.tableId])
                    .apply(([p, d, t]) => readModelViewSql(`${p}.${d}.${t}`, args.readModel)),
                useLegacySql: false,
            },
            deletionProtection: false,
            labels,
        },
        opts,
    );
    return { replication: { sourceProfile, destinationProfile, stream, replicaTable, agentAccess }, view };
}
