import type { FrontDoorAuthArgs } from "../platform/front-door-auth";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";

/** A read-model field's type; each cloud's index or table column is made from it. */
export const CqrsFieldType = {
    String: "string",
    Number: "number",
    Integer: "integer",
    Boolean: "boolean",
    /** ISO 8601 date or date-time. */
    Date: "date",
    /** A list of strings (tags): filtered by membership. */
    StringList: "string[]",
} as const;
export type CqrsFieldType = (typeof CqrsFieldType)[keyof typeof CqrsFieldType];

/** The AI Search tier. */
export const CqrsSearchSku = {
    /** 50 MB, one per subscription, no SLA. */
    Free: "free",
    /** One search unit (~$74 a month). */
    Basic: "basic",
} as const;
export type CqrsSearchSku = (typeof CqrsSearchSku)[keyof typeof CqrsSearchSku];

/** How changes reach the read model on Azure. */
export const CqrsAzureSync = {
    /** Cosmos DB change feed -> the projector function -> AI Search: seconds of lag, your `projectionModule` runs. */
    ChangeFeed: "change-feed",
    /** AI Search's own Cosmos DB indexer pulls the container on a schedule: no projector, at least 5 minutes of lag. */
    Indexer: "indexer",
} as const;
export type CqrsAzureSync = (typeof CqrsAzureSync)[keyof typeof CqrsAzureSync];

/** How changes reach the read model on GCP. */
export const CqrsGcpSync = {
    /** Spanner change stream -> Dataflow -> Pub/Sub -> the projector function -> BigQuery. */
    Dataflow: "dataflow",
    /** Datastream replicates the write table into a BigQuery current-state table, read through a view: no projector, no Dataflow job. */
    Datastream: "datastream",
} as const;
export type CqrsGcpSync = (typeof CqrsGcpSync)[keyof typeof CqrsGcpSync];

/**
 * The read document's fields and what queries may do with them; each cloud's index or table
 * schema (OpenSearch mappings, the AI Search index, the BigQuery table) is made from it.
 */
export interface CqrsReadModelArgs {
    /** Field name -> type. The key field is added as a string when not listed. */
    readonly fields: Record<string, CqrsFieldType>;
    /** Fields `q=` searches as text (string fields). @default none */
    readonly searchable?: string[];
    /** Fields `filter=` may name. @default the key field */
    readonly filterable?: string[];
    /** Fields `sort=` may name. @default the key field */
    readonly sortable?: string[];
    /** Fields to facet on (AI Search facets, OpenSearch aggregations). @default none */
    readonly facetable?: string[];
}

/** The read store behind the query API on AWS. */
export const CqrsAwsReadStore = {
    /** OpenSearch Serverless collection (SEARCH): no cluster to run, a floor of 1 OCU (0.5 indexing + 0.5 search) without standby replicas. */
    Serverless: "serverless",
    /** A managed OpenSearch domain of one t3.small.search node: the cheaper floor, one node to run and patch. */
    Domain: "domain",
} as const;
export type CqrsAwsReadStore = (typeof CqrsAwsReadStore)[keyof typeof CqrsAwsReadStore];

export interface CqrsAwsArgs {
    /**
     * `domain`: one t3.small.search node (~$25 a month, encrypted, HTTPS with TLS 1.2, in Lambda's
     * reach only through its access policy). `serverless`: a collection (~$175 a month at its
     * 1-OCU floor) that needs no sizing. @default "domain" (the cheaper one that serves the pattern)
     */
    readonly readStore?: CqrsAwsReadStore;
    /** Stream records per projector invocation. @default 100 */
    readonly batchSize?: number;
    /** Retries of a failing batch (halved by bisect each time) before its records go to the dead-letter queue. @default 5 */
    readonly maxRetries?: number;
    /** Steady-state requests per second each HTTP API stage lets through. @default 50 */
    readonly throttlingRateLimit?: number;
    /** Burst each stage lets through. @default 100 */
    readonly throttlingBurstLimit?: number;
}

export interface CqrsAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
    /** AI Search tier. @default "basic" */
    readonly searchSku?: CqrsSearchSku;
    /**
     * Deliveries of one change before it is set aside: the change feed's, after which the projector writes it to the
     * dead-letter container; with `source`, the events queue's `maxDeliveryCount`, after which Service Bus dead-letters it. @default 5
     */
    readonly maxAttempts?: number;
    /**
     * `change-feed`: the projector function pushes each change to AI Search within seconds.
     * `indexer`: AI Search's Cosmos DB indexer pulls changed items every `indexerIntervalMinutes`
     * (5 at least), so read-your-writes waits minutes, `projectionModule` is refused (the indexer runs
     * no code of yours), and no projector, leases or dead-letter container exist.
     * @default "change-feed"
     */
    readonly sync?: CqrsAzureSync;
    /** With `sync: "indexer"`: minutes between indexer runs, 5 (AI Search's minimum) to 1440. @default 5 */
    readonly indexerIntervalMinutes?: number;
    /** API Management publisher e-mail. @default "platform@example.com" */
    readonly publisherEmail?: pulumi.Input<string>;
    /** API Management publisher name. @default "cloud-patterns" */
    readonly publisherName?: pulumi.Input<string>;
}

export interface CqrsGcpArgs {
    /**
     * Region of the functions, the Spanner configuration, the Dataflow job or Datastream stream (then a
     * Datastream region) and the dataset. The change path is Spanner change stream -> Dataflow (Google's
     * Spanner change streams to Pub/Sub template) -> Pub/Sub -> the projector -> BigQuery, or `sync`'s.
     * @default the provider's `gcp:region`
     */
    readonly region?: pulumi.Input<string>;
    /** Spanner processing units (100 is the smallest instance). @default 100 */
    readonly processingUnits?: number;
    /**
     * `dataflow`: the change stream through Google's Dataflow template and Pub/Sub to the projector
     * function. `datastream`: Datastream copies the write table into BigQuery (current state, merge
     * mode, at most 5 minutes stale) and a view presents the read model's fields: no projector, no
     * streaming job, billed per GiB changed; `projectionModule` and `source` are refused.
     * @default "dataflow"
     */
    readonly sync?: CqrsGcpSync;
}

/**
 * The write side when it is an EventSourcing: in TypeScript the EventSourcing component itself; from
 * other languages its two outputs (the schema cannot reference a component of this package).
 */
export interface CqrsSourceArgs {
    /** Where the EventSourcing publishes its events: its EventBridge bus (AWS), Event Grid topic (Azure) or Pub/Sub topic (GCP). */
    readonly eventsTopic: pulumi.Input<string>;
    /**
     * Its `eventsTopicId`: on Azure the Event Grid topic's resource id, which the event subscription is made on (and
     * whose identity delivers to this component's queue). @default none: required on Azure, unused elsewhere
     */
    readonly eventsTopicId?: pulumi.Input<string>;
    /** Its event store, reported as this component's `writeStoreName`. */
    readonly storeName: pulumi.Input<string>;
}

/**
 * Args of {@link Cqrs}. What decides which resources exist (the entity, the read model, `source`,
 * the sync path, the modules) is a plain value, checked before any resource is declared.
 */
export interface CqrsArgs {
    /** @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    /** The collection's name: the path of both APIs (`/products/{id}`) and the read index or table. Lower case, digits, hyphens. */
    readonly entity: string;
    /** The key field of a document: set to the path id. @default "id" */
    readonly key?: string;
    /**
     * Path of your TypeScript module exporting `decide(command, current)`: the next document, null to
     * delete, or `throw new CommandRefusedError(reason)` (handlers/cqrs/command-module.ts).
     * @default the JSON document as sent (PUT), merged (PATCH), deleted (DELETE), with optimistic concurrency
     */
    readonly commandModule?: string;
    /**
     * Path of your TypeScript module exporting `project(change, current)`: the read document to
     * store, or null to delete it (handlers/cqrs/projection-module.ts).
     * @default the document as is (with `source`: the event's data merged into the read document)
     */
    readonly projectionModule?: string;
    /** The read document's fields. */
    readonly readModel: CqrsReadModelArgs;
    /**
     * An EventSourcing component (publishing, on the same cloud): its published events are the changes and
     * it is the write side, so no command API and no write store are created (the catalogue's
     * CQRS + Event Sourcing).
     * @default none: the component makes its own write model and command API
     */
    readonly source?: CqrsSourceArgs;
    /**
     * Who may send commands (see docs/platform.md, "Who may call").
     * @default iam on AWS, apiKey on Azure and GCP: commands write the model, so callers authenticate with what `pulumi up` leaves them
     */
    readonly auth?: FrontDoorAuthArgs;
    /**
     * Who may query the read model.
     * @default the same default as `auth`; set `{ mode: "none" }` for a public read model (a catalog's)
     */
    readonly queryAuth?: FrontDoorAuthArgs;
    /** Memory of each function in MB. @default 256 */
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
    readonly aws?: CqrsAwsArgs;
    readonly azure?: CqrsAzureArgs;
    readonly gcp?: CqrsGcpArgs;
}
