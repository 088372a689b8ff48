import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { POSTGRES_PORT, type CommandSettingsDocument } from "../../handlers/event-sourcing/settings-document";
import { createGcpFunction, GcpFunction, gcpRegion } from "../platform/function-gcp";
import { createGcpApiGateway, GcpApiGateway, gcpApiGatewayApis } from "../platform/http-gcp";
import { invokeOptions } from "../platform/function-settings";
import { enableGcpApis, EVENT_TRIGGER_APIS, FUNCTION_APIS, PROJECT_IAM_APIS } from "../platform/gcp-apis";
import { gcpResourceId, gcpServiceAccountId } from "../platform/naming";
import { gcpLabels } from "../platform/tags";
import type { SettingsInput } from "../platform/types";
import { createGcpEventPublisher, GcpEventPublisher } from "./gcp-publisher";
import type { EventSourcingImplementation, EventSourcingOutputs } from "./outputs";
import { ResolvedEventSourcingArgs, FUNCTION_TIMEOUT_SECONDS, NAMES, ROUTES } from "./resolve";
import { callerKeyOutput } from "../platform/front-door-auth";
import {
    CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH,
    CLOUD_SQL_INSTANCE_ID_MAX_LENGTH,
    cloudSqlIamUser as cloudSqlUserOf,
    cloudSqlServerCa,
    conditionalMember,
    createCloudSqlInstance,
} from "../platform/postgres-gcp";

/** Cloud SQL for PostgreSQL on a private IP only, IAM database auth for the function's service account. */
export interface GcpPostgresStore {
    readonly instance: gcp.sql.DatabaseInstance;
    readonly database: gcp.sql.Database;
    readonly user: gcp.sql.User;
    /** roles/cloudsql.client + instanceUser for the function, conditioned on this instance. */
    readonly access: gcp.projects.IAMMember[];
}

export interface GcpEventSourcing extends EventSourcingOutputs {
    /** Firestore (native mode): `streams/{id}` heads, their `events` and `snapshots` subcollections. */
    readonly database?: gcp.firestore.Database;
    readonly postgres?: GcpPostgresStore;
    /** Pub/Sub topic committed events are published to (ordering key = stream id). */
    readonly topic?: gcp.pubsub.Topic;
    /** Eventarc Firestore trigger -> publisher function -> the topic (gcp-publisher.ts). */
    readonly publisher?: GcpEventPublisher;
    readonly command: GcpFunction;
    /** API Gateway in front of the command function, invoking it as an identity of its own. */
    readonly apiGateway: GcpApiGateway;
    /** roles/datastore.user for the command function, conditioned on this database only. */
    readonly databaseAccess?: gcp.projects.IAMMember;
}

export { CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH, CLOUD_SQL_INSTANCE_ID_MAX_LENGTH };

/** The command function's Cloud SQL IAM user; refused when a domain-scoped project id makes it longer than PostgreSQL allows. */
export function cloudSqlIamUser(name: string, accountId: string, project: string): string {
    return cloudSqlUserOf(`EventSourcing '${name}'`, accountId, project);
}

export const createGcpEventSourcing: EventSourcingImplementation<GcpEventSourcing> = (name, resolved, componentOpts) => {
    const region = gcpRegion(`EventSourcing '${name}'`, resolved.gcp.region);
    const { opts } = enableGcpApis(name, eventSourcingApis(resolved), resolved.gcp.enableApis, componentOpts);
    const labels = gcpLabels(resolved.tags);
    const project = gcp.organizations.getClientConfigOutput(invokeOptions(opts)).project;
    const databaseId = gcpResourceId(`${name}-events`);

    const native = resolved.store === "native";
    const database = native
        ? new gcp.firestore.Database(
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
          )
        : undefined;
    const instanceName = gcpResourceId(`${name}-events-db`, CLOUD_SQL_INSTANCE_ID_MAX_LENGTH);
    const topic =
        resolved.publish && native
            ? new gcp.pubsub.Topic(
                  `${name}-topic`,
                  { name: gcpResourceId(`${name}-events`, 255), messageRetentionDuration: `${resolved.retentionDays * 86_400}s`, labels },
                  opts,
              )
            : undefined;

    const postgres = native ? undefined : cloudSqlInstance(name, resolved, instanceName, region, labels, opts);
    const commandAccountId = gcpServiceAccountId(`${name}-command`, CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH);
    const iamUser = pulumi.output(project).apply((id) => cloudSqlIamUser(name, commandAccountId, id));
    // The full name the Pub/Sub client takes (a Topic's id in the provider's state).
    const topicPath = topic && pulumi.interpolate`projects/${project}/topics/${topic.name}`;
    const command = createGcpFunction(
        `${name}-command`,
        {
            bundle: resolved.command,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
            settings: {
                store: database
                    ? { kind: "firestore", databaseId: database.name, collection: NAMES.collection }
                    : // Cloud SQL IAM users are the service account's email without ".gserviceaccount.com".
                      {
                          kind: "postgres",
                          host: postgres!.instance.privateIpAddress,
                          port: POSTGRES_PORT,
                          database: NAMES.database,
                          user: iamUser,
                          auth: "gcp-iam",
                          serverCa: cloudSqlServerCa(postgres!.instance),
                      },
                snapshotEvery: resolved.snapshotEvery,
            } satisfies SettingsInput<CommandSettingsDocument>,
            tags: resolved.tags,
            logRetentionDays: resolved.logRetentionDays,
            region,
            serviceAccountId: commandAccountId,
            // Direct VPC egress to Cloud SQL's private IP (private ranges only; Google APIs stay direct).
            vpc: resolved.gcp.postgres && { network: resolved.gcp.postgres.network, subnetwork: resolved.gcp.postgres.functionSubnetwork },
        },
        opts,
    );
    // Firestore and Cloud SQL roles are granted on the project; a condition narrows each to what this component made.
    const databaseAccess = database
        ? conditionalMember(
              `${name}-database-access`,
              project,
              "roles/datastore.user",
              command.serviceAccount.member,
              "databases",
              database.name,
              opts,
          )
        : undefined;
    const postgresAccess = postgres
        ? [
              conditionalMember(
                  `${name}-db-client`,
                  project,
                  "roles/cloudsql.client",
                  command.serviceAccount.member,
                  "instances",
                  postgres.instance.name,
                  opts,
              ),
              conditionalMember(
                  `${name}-db-login`,
                  project,
                  "roles/cloudsql.instanceUser",
                  command.serviceAccount.member,
                  "instances",
                  postgres.instance.name,
                  opts,
              ),
          ]
        : undefined;
    const user = postgres
        ? new gcp.sql.User(
              `${name}-db-user`,
              { instance: postgres.instance.name, name: iamUser, type: "CLOUD_IAM_SERVICE_ACCOUNT" },
              pulumi.mergeOptions(opts, { dependsOn: [command.serviceAccount] }),
          )
        : undefined;
    const publisher =
        topic && topicPath && database
            ? createGcpEventPublisher(name, { resolved, project, region, database, topic, topicPath }, opts)
            : undefined;
    const apiGateway = createGcpApiGateway(
        `${name}-api`,
        {
            routes: [...ROUTES],
            fn: command.function,
            region,
            timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1,
            labels: resolved.tags,
            auth: resolved.auth,
        },
        opts,
    );
    return {
        database,
        postgres: postgres && { ...postgres, user: user!, access: postgresAccess! },
        topic,
        publisher,
        command,
        apiGateway,
        databaseAccess,
        commandUrl: apiGateway.url,
        apiKey: callerKeyOutput(apiGateway.apiKey),
        storeName: database ? database.name : postgres!.instance.name,
        eventsTopic: topicPath ?? pulumi.output(""),
        eventsTopicId: topicPath ?? pulumi.output(""),
    };
};

/** The APIs the store and publishing chosen need, beside the function's and the gateway's. */
function eventSourcingApis(resolved: ResolvedEventSourcingArgs): string[] {
    const native = resolved.store === "native";
    return [
        ...FUNCTION_APIS,
        ...gcpApiGatewayApis(resolved.auth),
        ...PROJECT_IAM_APIS,
        ...(native ? ["firestore.googleapis.com"] : ["sqladmin.googleapis.com", "servicenetworking.googleapis.com"]),
        ...(native && resolved.publish ? EVENT_TRIGGER_APIS : []),
    ];
}

function cloudSqlInstance(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    instanceName: string,
    region: pulumi.Input<string>,
    labels: pulumi.Output<Record<string, string>>,
    opts: pulumi.CustomResourceOptions,
): Omit<GcpPostgresStore, "user" | "access"> {
    return createCloudSqlInstance(
        `${name}-db`,
        {
            instanceName,
            region,
            network: resolved.gcp.postgres!.network,
            databaseName: NAMES.database,
            retentionDays: resolved.retentionDays,
            labels,
        },
        opts,
    );
}
