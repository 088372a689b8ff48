import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { createGcpFunction, GcpFunction, gcpRegion } from "../platform/function-gcp";
import { createGcpApiGateway, GcpApiGateway } from "../platform/http-gcp";
import { invokeOptions } from "../platform/function-settings";
import { gcpResourceId } from "../platform/naming";
import { gcpLabels } from "../platform/tags";
import type { EventSourcingImplementation, EventSourcingOutputs } from "./index";
import { FUNCTION_TIMEOUT_SECONDS, NAMES, ROUTES } from "./plan";

export interface GcpEventSourcing extends EventSourcingOutputs {
    /** Firestore (native mode): `streams/{id}` heads, their `events` and `snapshots` subcollections. */
    readonly database: gcp.firestore.Database;
    /** Pub/Sub topic committed events are published to (ordering key = stream id). */
    readonly topic?: gcp.pubsub.Topic;
    readonly topicPublisher?: gcp.pubsub.TopicIAMMember;
    readonly command: GcpFunction;
    /** API Gateway in front of the command function, invoking it as an identity of its own. */
    readonly apiGateway: GcpApiGateway;
    /** roles/datastore.user for the command function, conditioned on this database only. */
    readonly databaseAccess: gcp.projects.IAMMember;
}

export const createGcpEventSourcing: EventSourcingImplementation<GcpEventSourcing> = (name, plan, opts) => {
    const region = gcpRegion(`EventSourcing '${name}'`, plan.gcp.region);
    const labels = gcpLabels(plan.tags);
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;
    const databaseId = gcpResourceId(`${name}-events`);

    const database = new gcp.firestore.Database(
        `${name}-firestore`,
        {
            name: databaseId,
            locationId: region,
            type: "FIRESTORE_NATIVE",
            // Encrypted at rest by Google-managed keys; the events are the system of record.
            pointInTimeRecoveryEnablement: "POINT_IN_TIME_RECOVERY_ENABLED",
            deleteProtectionState: "DELETE_PROTECTION_ENABLED",
            deletionPolicy: "ABANDON",
        },
        opts,
    );
    const topic = plan.publish
        ? new gcp.pubsub.Topic(`${name}-topic`, { name: gcpResourceId(`${name}-events`, 255), messageRetentionDuration: `${plan.retentionDays * 86_400}s`, labels }, opts)
        : undefined;

    // The full name the Pub/Sub client takes (a Topic's id in the provider's state).
    const topicPath = topic && pulumi.interpolate`projects/${project}/topics/${topic.name}`;
    const command = createGcpFunction(
        `${name}-command`,
        {
            bundle: plan.command,
            memoryMb: plan.memoryMb,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
            settings: pulumi.output({
                store: { kind: "firestore", databaseId: database.name, collection: NAMES.collection },
                snapshotEvery: plan.snapshotEvery,
                publish: topicPath ? { kind: "pubsub", topic: topicPath } : { kind: "none" },
            }),
            tags: plan.tags,
            logRetentionDays: plan.logRetentionDays,
            region,
        },
        opts,
    );
    // Firestore roles are granted on the project; the condition narrows this one to the database.
    const databaseAccess = new gcp.projects.IAMMember(
        `${name}-database-access`,
        {
            project,
            role: "roles/datastore.user",
            member: command.serviceAccount.member,
            condition: {
                title: `${databaseId} only`,
                description: `Event store ${name}: this Firestore database only`,
                expression: pulumi.interpolate`resource.name == "projects/${project}/databases/${database.name}" || resource.name.startsWith("projects/${project}/databases/${database.name}/")`,
            },
        },
        opts,
    );
    const topicPublisher = topic
        ? new gcp.pubsub.TopicIAMMember(`${name}-topic-publisher`, { topic: topic.name, role: "roles/pubsub.publisher", member: command.serviceAccount.member }, opts)
        : undefined;
    const apiGateway = createGcpApiGateway(
        `${name}-api`,
        { routes: [...ROUTES], fn: command.function, region, timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1, labels: plan.tags },
        opts,
    );
    return {
        database,
        topic,
        topicPublisher,
        command,
        apiGateway,
        databaseAccess,
        commandUrl: apiGateway.url,
        storeName: database.name,
        eventsTopic: topicPath ?? pulumi.output(""),
    };
};
