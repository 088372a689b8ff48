/**
 * CQRS on GCP, locally: the write database on the Spanner emulator, made from the DDL the stack
 * declares (the table and its change stream); a stand-in for the "Spanner change streams to
 * Pub/Sub" Dataflow template reading that change stream and publishing each data change record,
 * as the template does, to the changes topic on the Pub/Sub emulator; the topic's messages pushed
 * to the projector's host as the stack's Eventarc trigger pushes them (CloudEvents, redelivered
 * until taken); the read model on a local stand-in for BigQuery that stores insertAll rows and
 * evaluates the query handler's SQL (plan/dev/stand-ins/bigquery.ts); and the functions' tokens
 * from a local metadata server (`GCE_METADATA_HOST`).
 */
import type { BundleSpec } from "../../../../components/platform/types";
import { startChangeStreamToPubSub } from "../../deliveries/change-stream-to-pubsub";
import { startEventarcPubSub } from "../../deliveries/eventarc-pubsub";
import type { PollLoop } from "../../deliveries/poll-loop";
import { bigQueryStandIn } from "../../stand-ins/bigquery";
import type { SqlColumn } from "../../stand-ins/bigquery-sql";
import { serveFetch } from "../../stand-ins/fetch-server";
import { startGcpMetadata } from "../../stand-ins/gcp-metadata";
import type { LocalCqrsFactory } from ".";

const DATABASE_TYPE = "gcp:spanner/database:Database";
const TABLE_TYPE = "gcp:bigquery/table:Table";
const TEMPLATE_JOB_TYPE = "gcp:dataflow/flexTemplateJob:FlexTemplateJob";
const PUBSUB_TRIGGER: BundleSpec["trigger"] = { kind: "pubsub" };

export const gcpCqrs: LocalCqrsFactory = async (pattern, stack, context) => {
    const { command, projector, query } = stack;
    const { writeStore } = command;
    const { readStore, deadLetters } = projector;
    const job = pattern.resources.find((r) => r.type === TEMPLATE_JOB_TYPE)?.inputs.parameters as
        { spannerChangeStreamName: string; pubsubTopic: string } | undefined;
    if (writeStore.kind !== "spanner" || readStore.kind !== "bigquery" || projector.source !== "spanner-change-stream" || !job)
        throw new Error(
            `Cqrs '${pattern.name}': on GCP locally the write model must be Spanner with its change stream through the Dataflow template, the read model BigQuery; got ${writeStore.kind}, ${projector.source}, ${readStore.kind}`,
        );
    const spanner = await context.peers.get("spanner");
    const pubsub = await context.peers.get("pubsub");
    const ddl = pattern.resources.find((r) => r.type === DATABASE_TYPE && r.inputs.name === writeStore.database)?.inputs.ddls as string[];
    await spanner.createDatabase(writeStore.database, ddl);
    // A change stream is read from no earlier than its database's creation (microseconds; a Date holds milliseconds, hence the next one).
    const since = new Date(Date.now() + 1);
    const databaseName = `projects/${spanner.projectId}/instances/${spanner.instanceId}/databases/${writeStore.database}`;
    context.log(
        `write model on the Spanner emulator: ${databaseName} (table ${writeStore.table}, change stream ${job.spannerChangeStreamName})`,
    );

    const topic = await pubsub.createTopic(job.pubsubTopic);
    const subscription = await pubsub.createSubscription(`${job.pubsubTopic}-eventarc`, topic);
    const deadLetterTopic = deadLetters?.kind === "pubsub" ? await pubsub.createTopic(deadLetters.topic.split("/").pop()!) : undefined;
    context.log(
        `Dataflow's change streams to Pub/Sub template is not run locally: a stand-in reads the change stream and publishes its records to ${topic}`,
    );

    const table = pattern.resources.find((r) => r.type === TABLE_TYPE && r.inputs.tableId === readStore.table);
    const schema = JSON.parse(String(table?.inputs.schema ?? "[]")) as SqlColumn[];
    const bigquery = bigQueryStandIn([{ projectId: readStore.projectId, datasetId: readStore.dataset, tableId: readStore.table, schema }]);
    const server = await serveFetch("read model", bigquery.fetch, context.log);
    context.log(
        `read model: local stand-in for BigQuery (table ${readStore.projectId}.${readStore.dataset}.${readStore.table} in memory; insertAll, jobs.query with the query handler's SQL) at ${server.url}; no BigQuery runs locally`,
    );
    const metadata = await startGcpMetadata(readStore.projectId, context.log);
    const loops: PollLoop[] = [];
    return {
        settings: {
            command: { ...command, writeStore: { ...writeStore, projectId: spanner.projectId, instance: spanner.instanceId } },
            projector: { ...projector, ...(deadLetterTopic && deadLetters && { deadLetters: { ...deadLetters, topic: deadLetterTopic } }) },
            query,
        },
        readStoreStandsInFor: "BigQuery",
        environment: {
            ...metadata.env,
            SPANNER_EMULATOR_REST_ENDPOINT: spanner.endpoint,
            BIGQUERY_EMULATOR_HOST: server.url,
            PUBSUB_EMULATOR_HOST: pubsub.env.PUBSUB_EMULATOR_HOST,
        },
        projectorTrigger: PUBSUB_TRIGGER,
        connect(projectorUrl) {
            context.log(`eventarc: ${topic} -> projector (subscription ${subscription})`);
            loops.push(startEventarcPubSub({ endpoint: pubsub.endpoint, topic, subscription }, projectorUrl, context.log));
            loops.push(
                startChangeStreamToPubSub(
                    { endpoint: spanner.endpoint, databaseName, stream: job.spannerChangeStreamName, since },
                    pubsub.topic(topic),
                    context.log,
                ),
            );
        },
        async stop() {
            await Promise.all(loops.map((l) => l.stop()));
            await Promise.all([server.stop(), metadata.stop()]);
        },
    };
};
