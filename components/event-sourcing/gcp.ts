import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { POSTGRES_PORT, type CommandSettingsDocument } from "../../handlers/event-sourcing/settings-document";
import { createGcpFunction, GcpFunction, gcpRegion } from "../platform/function-gcp";
import { createGcpApiGateway, GcpApiGateway } from "../platform/http-gcp";
import { invokeOptions } from "../platform/function-settings";
import { API_GATEWAY_APIS, enableGcpApis, EVENT_TRIGGER_APIS, FUNCTION_APIS, PROJECT_IAM_APIS } from "../platform/gcp-apis";
import { gcpResourceId, gcpServiceAccountId } from "../platform/naming";
import { gcpLabels } from "../platform/tags";
import type { SettingsInput } from "../platform/types";
import { createGcpEventPublisher, GcpEventPublisher } from "./gcp-publisher";
import type { EventSourcingImplementation, EventSourcingOutputs } from "./outputs";
import { ResolvedEventSourcingArgs, FUNCTION_TIMEOUT_SECONDS, NAMES, POSTGRES_ROLE_MAX_LENGTH, ROUTES } from "./resolve";

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

/**
 * PostgreSQL role names are at most 63 bytes (NAMEDATALEN - 1:
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS), and a
 * Cloud SQL IAM service account user is `<account id>@<project id>.iam`
 * (https://cloud.google.com/sql/docs/postgres/iam-logins). Project ids are at most 30 characters
 * (https://cloud.google.com/resource-manager/docs/creating-managing-projects), so an account id of
 * 63 - 30 - 5 = 28 fits any project.
 */
export const CLOUD_SQL_IAM_ACCOUNT_ID_MAX_LENGTH = 28;
/**
 * `<project id>:<instance id>` is at most 98 characters
 * (Cloud SQL Admin API, `instance`: https://cloud.google.com/sql/docs/postgres/admin-api/rest/v1beta4/instances),
 * so with a 30-character project id: 67.
 */
export const CLOUD_SQL_INSTANCE_ID_MAX_LENGTH = 67;

/** The command function's Cloud SQL IAM user; refused when a domain-scoped project id makes it longer than PostgreSQL allows. */
export function cloudSqlIamUser(name: string, accountId: string, project: string): string {
    const user = `${accountId}@${project}.iam`;
    if (user.length > POSTGRES_ROLE_MAX_LENGTH) {
        throw new Error(
            `EventSourcing '${name}': the Cloud SQL IAM user must be at most ${POSTGRES_ROLE_MAX_LENGTH} characters (a PostgreSQL role name), ` +
                `got ${JSON.stringify(user)} (${user.length}): project '${project}' leaves no room for the account id`,
        );
    }
    return user;
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
                          // Cloud SQL signs its server certificate with a CA of this instance's own.
                          serverCa: postgres!.instance.serverCaCerts.apply((certs) => certs[0]?.cert),
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
        { routes: [...ROUTES], fn: command.function, region, timeoutSeconds: FUNCTION_TIMEOUT_SECONDS + 1, labels: resolved.tags },
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
        storeName: database ? database.name : postgres!.instance.name,
        eventsTopic: topicPath ?? pulumi.output(""),
    };
};

/** The APIs the store and publishing chosen need, beside the function's and the gateway's. */
function eventSourcingApis(resolved: ResolvedEventSourcingArgs): string[] {
    const native = resolved.store === "native";
    return [
        ...FUNCTION_APIS,
        ...API_GATEWAY_APIS,
        ...PROJECT_IAM_APIS,
        ...(native ? ["firestore.googleapis.com"] : ["sqladmin.googleapis.com", "servicenetworking.googleapis.com"]),
        ...(native && resolved.publish ? EVENT_TRIGGER_APIS : []),
    ];
}

function conditionalMember(
    name: string,
    project: pulumi.Input<string>,
    role: string,
    member: pulumi.Input<string>,
    collection: "databases" | "instances",
    resource: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): gcp.projects.IAMMember {
    const resourceName = pulumi.interpolate`projects/${project}/${collection}/${resource}`;
    return new gcp.projects.IAMMember(
        name,
        {
            project,
            role,
            member,
            condition: {
                title: `${name} scope`,
                description: `${role} on ${collection} created by this component only`,
                expression: pulumi.interpolate`resource.name == "${resourceName}" || resource.name.startsWith("${resourceName}/")`,
            },
        },
        opts,
    );
}

function cloudSqlInstance(
    name: string,
    resolved: ResolvedEventSourcingArgs,
    instanceName: string,
    region: pulumi.Input<string>,
    labels: pulumi.Output<Record<string, string>>,
    opts: pulumi.CustomResourceOptions,
): Omit<GcpPostgresStore, "user" | "access"> {
    const instance = new gcp.sql.DatabaseInstance(
        `${name}-db`,
        {
            name: instanceName,
            region,
            databaseVersion: "POSTGRES_16",
            deletionProtection: true,
            settings: {
                edition: "ENTERPRISE",
                // The smallest shared-core machine; storage is encrypted at rest by Google.
                tier: "db-f1-micro",
                ipConfiguration: { ipv4Enabled: false, privateNetwork: resolved.gcp.postgres!.network, sslMode: "ENCRYPTED_ONLY" },
                databaseFlags: [{ name: "cloudsql.iam_authentication", value: "on" }],
                backupConfiguration: {
                    enabled: true,
                    pointInTimeRecoveryEnabled: true,
                    transactionLogRetentionDays: Math.min(7, resolved.retentionDays),
                    backupRetentionSettings: { retainedBackups: resolved.retentionDays },
                },
                userLabels: labels,
            },
        },
        opts,
    );
    const database = new gcp.sql.Database(`${name}-db-database`, { instance: instance.name, name: NAMES.database }, opts);
    return { instance, database };
}
