/**
 * Cloud SQL for PostgreSQL on a private IP only, with IAM database auth for one function's service
 * account: the building block of every pattern with a PostgreSQL store on GCP (Event Sourcing,
 * Sharding). Cloud SQL's roles are granted on the project, each narrowed by a condition to what
 * the component made.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

import { POSTGRES_ROLE_MAX_LENGTH } from "./postgres-network";

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

/** A function's Cloud SQL IAM user; refused (by `owner`) when a domain-scoped project id makes it longer than PostgreSQL allows. */
export function cloudSqlIamUser(owner: string, accountId: string, project: string): string {
    const user = `${accountId}@${project}.iam`;
    if (user.length > POSTGRES_ROLE_MAX_LENGTH) {
        throw new Error(
            `${owner}: the Cloud SQL IAM user must be at most ${POSTGRES_ROLE_MAX_LENGTH} characters (a PostgreSQL role name), ` +
                `got ${JSON.stringify(user)} (${user.length}): project '${project}' leaves no room for the account id`,
        );
    }
    return user;
}

/** A project role granted to one member on one database or instance this component made (and what is inside it). */
export function conditionalMember(
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

export interface CloudSqlInstanceArgs {
    /** The instance id (at most {@link CLOUD_SQL_INSTANCE_ID_MAX_LENGTH}). */
    readonly instanceName: string;
    readonly region: pulumi.Input<string>;
    /** Self link or id of the VPC network with private services access. */
    readonly network: pulumi.Input<string>;
    readonly databaseName: string;
    /** Days of backups kept (point-in-time recovery keeps at most 7 of them). */
    readonly retentionDays: number;
    readonly labels: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface CloudSqlInstance {
    readonly instance: gcp.sql.DatabaseInstance;
    readonly database: gcp.sql.Database;
}

/**
 * Cloud SQL for PostgreSQL 16, ENTERPRISE edition (POSTGRES_16 defaults to ENTERPRISE_PLUS, which
 * refuses the shared-core tiers), the smallest shared-core machine, a private IP only, encrypted
 * connections only, IAM auth on, point-in-time recovery. Children: `${name}` and `${name}-database`.
 */
export function createCloudSqlInstance(name: string, args: CloudSqlInstanceArgs, opts: pulumi.CustomResourceOptions): CloudSqlInstance {
    const instance = new gcp.sql.DatabaseInstance(
        name,
        {
            name: args.instanceName,
            region: args.region,
            databaseVersion: "POSTGRES_16",
            deletionProtection: true,
            settings: {
                edition: "ENTERPRISE",
                // The smallest shared-core machine; storage is encrypted at rest by Google.
                tier: "db-f1-micro",
                ipConfiguration: { ipv4Enabled: false, privateNetwork: args.network, sslMode: "ENCRYPTED_ONLY" },
                databaseFlags: [{ name: "cloudsql.iam_authentication", value: "on" }],
                backupConfiguration: {
                    enabled: true,
                    pointInTimeRecoveryEnabled: true,
                    transactionLogRetentionDays: Math.min(7, args.retentionDays),
                    backupRetentionSettings: { retainedBackups: args.retentionDays },
                },
                userLabels: args.labels,
            },
        },
        opts,
    );
    const database = new gcp.sql.Database(`${name}-database`, { instance: instance.name, name: args.databaseName }, opts);
    return { instance, database };
}

/** The instance's client CA: Cloud SQL signs its server certificate with a CA of this instance's own. */
export const cloudSqlServerCa = (instance: gcp.sql.DatabaseInstance) => instance.serverCaCerts.apply((certs) => certs[0]?.cert);
