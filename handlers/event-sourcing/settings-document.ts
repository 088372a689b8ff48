/**
 * The contract between the EventSourcing component and its functions: the CLOUD_PATTERNS_CONFIG
 * documents as the component writes them (`satisfies`) and settings.ts reads them, and the facts
 * both sides need. Types and pure data only (see docs/platform.md), so components may import it.
 */
import type { SecretReference } from "../secrets/reference";

/** The command API: the routes the front doors expose and http.ts serves. */
export const COMMAND_ROUTES = {
    command: "POST /streams/{id}",
    state: "GET /streams/{id}",
    events: "GET /streams/{id}/events",
} as const;

/** Events between snapshots when the component's `snapshotEvery` is not given (0 = none). */
export const DEFAULT_SNAPSHOT_EVERY = 100;
/** Inclusive bounds of `snapshotEvery`. */
export const SNAPSHOT_EVERY_RANGE: readonly [min: number, max: number] = [0, 100_000];
/** The Firestore root collection of the streams, when the document names none. */
export const FIRESTORE_COLLECTION = "streams";
/** The PostgreSQL port, when the document names none. */
export const POSTGRES_PORT = 5432;

/** How the command function signs in to PostgreSQL; a password is a secret-store reference. */
export type PostgresAuthKind = "password" | "azure-entra" | "gcp-iam";

/** Where the events are stored. */
export type StoreDocument =
    | { readonly kind: "dynamodb"; readonly eventsTable: string; readonly snapshotsTable: string }
    | {
          readonly kind: "cosmos";
          readonly endpoint: string;
          readonly database: string;
          readonly eventsContainer: string;
          readonly snapshotsContainer: string;
      }
    | { readonly kind: "firestore"; readonly databaseId: string; readonly collection?: string }
    | {
          readonly kind: "postgres";
          readonly host: string;
          readonly port?: number;
          readonly database: string;
          readonly user: string;
          /** @default "password" */
          readonly auth?: PostgresAuthKind;
          /** With `auth: "password"`. */
          readonly password?: SecretReference;
          /** PEM of the CA that signed the server's certificate, when it is not a public one. */
          readonly serverCa?: string;
      };

/** The command function's document. */
export interface CommandSettingsDocument {
    readonly store: StoreDocument;
    /** @default {@link DEFAULT_SNAPSHOT_EVERY} */
    readonly snapshotEvery?: number;
}

/** Azure's publisher (Cosmos DB change feed -> Event Grid). */
export interface EventGridPublisherSettingsDocument {
    readonly topicEndpoint: string;
    /** The private blob container poison documents go to (`https://<account>.blob.core.windows.net/<container>`). */
    readonly poisonContainerUrl: string;
}

/** GCP's publisher (Firestore document events -> Pub/Sub): the topic's full name. */
export interface PubSubPublisherSettingsDocument {
    readonly topic: string;
    /**
     * Where an event document still not published once it is `maxAgeSeconds` old goes, whole
     * (`projects/P/topics/T`), so Eventarc's 24-hour retry window never drops one unseen.
     */
    readonly deadLetters: { readonly topic: string; readonly maxAgeSeconds: number };
}

/** AWS's publisher (the Pipe's stream records -> EventBridge; what the bus does not take -> the dead-letter queue). */
export interface EventBridgePublisherSettingsDocument {
    readonly busName: string;
    /** The EventBridge `source` and `detail-type` consumers match on. */
    readonly source: string;
    readonly detailType: string;
    readonly deadLetterQueueUrl: string;
}
