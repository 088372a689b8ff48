/**
 * The contract between the Cqrs component and its functions: the CLOUD_PATTERNS_CONFIG documents
 * as the component writes them (`satisfies`) and settings.ts reads them, and the facts both sides
 * need. Types and pure data only, so components may import it.
 */

/** The types a read-model field may have; each cloud's index or table schema is made from them. */
export const FIELD_TYPES = ["string", "number", "integer", "boolean", "date", "string[]"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What a query may do with a field. */
export const FIELD_CAPABILITIES = ["searchable", "filterable", "sortable", "facetable"] as const;
export type FieldCapability = (typeof FIELD_CAPABILITIES)[number];

/** One field of the read document, as every cloud's schema and the query handler read it. */
export interface FieldDocument {
    readonly type: FieldType;
    readonly searchable: boolean;
    readonly filterable: boolean;
    readonly sortable: boolean;
    readonly facetable: boolean;
}

/** The read model: the entity, its key field and its fields (the key included, as a string). */
export interface ReadModelDocument {
    readonly entity: string;
    readonly key: string;
    readonly fields: Readonly<Record<string, FieldDocument>>;
}

/**
 * A field name every read store accepts: AI Search (letters, digits, underscores, starting with a
 * letter, at most 128), BigQuery columns (the same, 300) and OpenSearch; `_`-prefixed names are
 * reserved by all three.
 */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** An entity name: the first path segment of both APIs, an OpenSearch index, AI Search index and BigQuery table name. */
export const ENTITY_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Fields every read document carries beside the user's: the write model's version it reflects, and
 * whether it is a tombstone (deletes are kept as tombstones, so a late older change cannot bring a
 * deleted document back). Reserved: a read model may not declare them.
 */
export const VERSION_FIELD = "cqrsVersion";
export const DELETED_FIELD = "cqrsDeleted";

/** The write model's store. */
export type WriteStoreDocument =
    | { readonly kind: "dynamodb"; readonly table: string }
    | { readonly kind: "cosmos"; readonly endpoint: string; readonly database: string; readonly container: string }
    | {
          readonly kind: "spanner";
          readonly projectId: string;
          readonly instance: string;
          readonly database: string;
          readonly table: string;
      };

/** The read model's store. */
export type ReadStoreDocument =
    | {
          readonly kind: "opensearch";
          /** `https://<collection or domain endpoint>`. */
          readonly endpoint: string;
          /** SigV4 service name: `aoss` for a Serverless collection, `es` for a managed domain. */
          readonly service: "aoss" | "es";
          readonly region: string;
          readonly index: string;
      }
    | { readonly kind: "ai-search"; readonly endpoint: string; readonly index: string }
    | { readonly kind: "bigquery"; readonly projectId: string; readonly dataset: string; readonly table: string };

/**
 * With `azure.sync: "indexer"`, AI Search's Cosmos DB indexer keeps the read model: the command
 * function puts the index, data source and indexer before its first write, and writes each item's
 * read fields where the indexer's query reads them (handlers/stores/read-model/ai-search-indexer.ts).
 */
export interface AiSearchIndexerDocument {
    /** `https://<service>.search.windows.net`. */
    readonly endpoint: string;
    readonly index: string;
    readonly readModel: ReadModelDocument;
    /** ARM id of the Cosmos DB account the indexer reads with the search service's managed identity. */
    readonly cosmosAccountId: string;
    /** Minutes between indexer runs (5 at least). */
    readonly intervalMinutes: number;
}

/** The command function's document. */
export interface CommandSettingsDocument {
    readonly entity: string;
    readonly key: string;
    readonly writeStore: WriteStoreDocument;
    /** Absent unless AI Search's indexer is the sync path. */
    readonly indexer?: AiSearchIndexerDocument;
}

/** Where the projector's changes come from: the write store's own change stream, or an EventSourcing's published events. */
export type ChangeSourceKind = "dynamodb-stream" | "cosmos-change-feed" | "spanner-change-stream" | "event-sourcing";

/** The projector's document. */
export interface ProjectorSettingsDocument {
    readonly readModel: ReadModelDocument;
    readonly readStore: ReadStoreDocument;
    readonly source: ChangeSourceKind;
    /**
     * Where the trigger has no dead-letter destination the component can configure (the Cosmos DB
     * change feed retries without end; an Eventarc Pub/Sub trigger's subscription is Eventarc's),
     * the projector sets a change that keeps failing aside itself. Absent where the platform does
     * it (the AWS event source mapping's on-failure destination, the SQS redrive policy).
     */
    readonly deadLetters?: DeadLetterDocument;
}

/** When a failing change is given up on: after this many deliveries, or once it is this old. */
export interface DeadLetterPolicyDocument {
    readonly maxAttempts?: number;
    readonly maxAgeSeconds?: number;
}

/** Where the projector sets failing changes aside: a Cosmos DB container (Azure), a Pub/Sub topic (GCP). */
export type DeadLetterDocument = DeadLetterPolicyDocument &
    (
        | { readonly kind: "cosmos"; readonly endpoint: string; readonly database: string; readonly container: string }
        | { readonly kind: "pubsub"; readonly topic: string }
    );

/** The query function's document. */
export interface QuerySettingsDocument {
    readonly readModel: ReadModelDocument;
    readonly readStore: ReadStoreDocument;
}

/** The routes of both APIs for an entity. */
export function commandRoutes(entity: string): readonly string[] {
    return [`PUT /${entity}/{id}`, `PATCH /${entity}/{id}`, `DELETE /${entity}/{id}`];
}

export function queryRoutes(entity: string): readonly string[] {
    return [`GET /${entity}`, `GET /${entity}/{id}`];
}

/** Most documents one list query returns. */
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;
