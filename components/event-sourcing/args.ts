import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";

/** Where the events live: the cloud's document store, or its managed PostgreSQL. */
export const EventStoreKind = {
    /** DynamoDB (AWS), Cosmos DB serverless (Azure), Firestore native mode (GCP). */
    Native: "native",
    /** The cloud's managed PostgreSQL: Aurora Serverless v2, Azure Database for PostgreSQL Flexible Server, Cloud SQL. */
    Postgres: "postgres",
} as const;
export type EventStoreKind = (typeof EventStoreKind)[keyof typeof EventStoreKind];

/**
 * The private network the managed PostgreSQL is placed in (it gets no public address). The command
 * function runs in the same subnets, in a security group of its own that the database admits on 5432.
 */
export interface EventSourcingAwsPostgresArgs {
    /** VPC of the subnets; the security groups (and the Secrets Manager endpoint) are created in it. */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Private subnets, one in each of at least two availability zones: the DB subnet group, the
     * command function's network interfaces and the Secrets Manager endpoint (one subnet per zone).
     */
    readonly subnetIds: pulumi.Input<string>[];
    /**
     * How the function, which has no internet access in the VPC, reads the database password from
     * Secrets Manager. `true`: an interface VPC endpoint of its own (private DNS off, so the rest of
     * the VPC is unaffected; only the function may connect; its policy allows reading this one
     * secret; about $7 a month per subnet). `false`: the VPC already reaches Secrets Manager (a NAT
     * gateway, or an endpoint with private DNS) and the function may send HTTPS anywhere.
     * @default true
     */
    readonly secretsManagerEndpoint?: boolean;
}

export interface EventSourcingAwsArgs {
    /** Steady-state requests per second the HTTP API stage lets through. @default 50 */
    readonly throttlingRateLimit?: number;
    /** Burst the stage lets through. @default 100 */
    readonly throttlingBurstLimit?: number;
    /** Required with `store: "postgres"`. */
    readonly postgres?: EventSourcingAwsPostgresArgs;
}

/** The private network of Azure Database for PostgreSQL Flexible Server (no public access). */
export interface EventSourcingAzurePostgresArgs {
    /** A subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers. */
    readonly delegatedSubnetId: pulumi.Input<string>;
    /** A private DNS zone ending in `.postgres.database.azure.com`, linked to the VNet. */
    readonly privateDnsZoneId: pulumi.Input<string>;
    /**
     * The subnet the command app is integrated into (VNet integration), delegated to
     * `Microsoft.App/environments` (Flex Consumption), in the database's VNet (or one peered and
     * linked to the DNS zone). Its network security group, if any, must allow 5432 to the delegated subnet.
     */
    readonly functionSubnetId: pulumi.Input<string>;
}

/** The VPC Cloud SQL gets its private IP in (private services access must be set up on it). */
export interface EventSourcingGcpPostgresArgs {
    /** Self link or id of the VPC network, e.g. `projects/p/global/networks/default`. */
    readonly network: pulumi.Input<string>;
    /**
     * Subnet of that network, in the function's region, the command function sends its private
     * traffic through (Direct VPC egress; give it a /26 or more).
     * @default the subnet named like the network (as in auto-mode networks such as `default`)
     */
    readonly functionSubnetwork?: pulumi.Input<string>;
}

export interface EventSourcingAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
    /** API Management publisher e-mail. @default "platform@example.com" */
    readonly publisherEmail?: pulumi.Input<string>;
    /** API Management publisher name. @default "cloud-patterns" */
    readonly publisherName?: pulumi.Input<string>;
    /** Required with `store: "postgres"`. */
    readonly postgres?: EventSourcingAzurePostgresArgs;
}

export interface EventSourcingGcpArgs {
    /** Region of the function, the topic and the Firestore database. @default the provider's `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /** Required with `store: "postgres"`. */
    readonly postgres?: EventSourcingGcpPostgresArgs;
    /**
     * Enable the Google APIs the component needs in the provider's project (gcp.projects.Service,
     * never disabled on destroy). Set false where the project's APIs are managed elsewhere.
     * @default true
     */
    readonly enableApis?: boolean;
}

/**
 * Args of {@link EventSourcing}. What decides which resources exist (store, publish, sizes, the
 * decider module) is a plain value, checked before any resource is declared.
 */
export interface EventSourcingArgs {
    /** @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    /**
     * `native`: DynamoDB (AWS), Cosmos DB serverless (Azure), Firestore native mode (GCP).
     * `postgres`: the cloud's managed PostgreSQL with the catalogue's `events` table: Aurora
     * Serverless v2, Azure Database for PostgreSQL Flexible Server, Cloud SQL; private, encrypted.
     * @default "native"
     */
    readonly store?: EventStoreKind;
    /** Events between snapshots of a stream's state; 0 turns snapshots off. @default 100 */
    readonly snapshotEvery?: number;
    /**
     * Send every committed event to the cloud's event bus: EventBridge (AWS, through a Pipe from
     * the table's stream), Event Grid (Azure, from the change feed), Pub/Sub (GCP, after commit).
     * @default true
     */
    readonly publish?: boolean;
    /**
     * Days the store keeps point-in-time recovery (DynamoDB PITR, Cosmos DB continuous backup
     * 7 or 30, Firestore PITR 7, PostgreSQL backups) and the topic keeps published events
     * (Pub/Sub). Events themselves are never expired. From 1 to 35 (to 31 on GCP while publishing). @default 7
     */
    readonly retentionDays?: number;
    /**
     * Path of your TypeScript module exporting `decide(command, state)`, `evolve(state, event)`
     * and `initialState()` (see handlers/event-sourcing/decider.ts), bundled with the function;
     * relative paths resolve from the program's working directory.
     * @default the built-in account decider (the catalogue's example)
     */
    readonly deciderModule?: string;
    /** Command function memory in MB. @default 256 */
    readonly memoryMb?: number;
    /** Function log retention in days. @default 30 */
    readonly logRetentionDays?: number;
    /**
     * Where the alarms on its dead letters notify: an SNS topic ARN (AWS), an action group's
     * resource id (Azure), a Monitoring notification channel's name (GCP). The alarms are made
     * either way. @default none (the alarms show in the console only)
     */
    readonly alarmNotify?: pulumi.Input<string>;
    /** Tags (labels on GCP) on every child that takes them. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly aws?: EventSourcingAwsArgs;
    readonly azure?: EventSourcingAzureArgs;
    readonly gcp?: EventSourcingGcpArgs;
}
