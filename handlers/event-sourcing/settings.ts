/**
 * The command function's settings (CLOUD_PATTERNS_CONFIG), written by the EventSourcing
 * component: which store, how often to snapshot. The command function never publishes: each
 * cloud publishes from the store's change stream (GCP: an Eventarc Firestore trigger).
 */
import { ConfigError, ConfigReader } from "../config";
import { readSecretReference, SecretReference } from "../secrets";
import { DEFAULT_SNAPSHOT_EVERY, FIRESTORE_COLLECTION, POSTGRES_PORT, SNAPSHOT_EVERY_RANGE, StoreDocument } from "./settings-document";

/** The store as the handler uses it: the document's, with the defaults applied and the auth resolved. */
export type StoreSettings =
    | Extract<StoreDocument, { readonly kind: "dynamodb" | "cosmos" }>
    | (Extract<StoreDocument, { readonly kind: "firestore" }> & { readonly collection: string })
    | (Omit<Extract<StoreDocument, { readonly kind: "postgres" }>, "port" | "auth" | "password"> & {
          readonly port: number;
          readonly auth: PostgresAuth;
      });

/**
 * How the function signs in to PostgreSQL: a password kept in the cloud's secret store (only the
 * reference is in settings), or a token of the function's own identity (no password exists).
 */
export type PostgresAuth =
    | { readonly kind: "password"; readonly password: SecretReference }
    /** Azure Database for PostgreSQL with Microsoft Entra auth: the managed identity's token. */
    | { readonly kind: "azure-entra" }
    /** Cloud SQL IAM database auth: the service account's OAuth token. */
    | { readonly kind: "gcp-iam" };

export interface EventSourcingSettings {
    readonly store: StoreSettings;
    readonly snapshotEvery: number;
}

const STORE_KINDS = ["dynamodb", "cosmos", "firestore", "postgres"];

export function parseEventSourcingSettings(settings: ConfigReader): EventSourcingSettings {
    return {
        store: parseStore(settings.object("store")),
        snapshotEvery: settings.optionalNumber("snapshotEvery", DEFAULT_SNAPSHOT_EVERY, ...SNAPSHOT_EVERY_RANGE),
    };
}

function parseStore(store: ConfigReader): StoreSettings {
    const kind = store.string("kind");
    switch (kind) {
        case "dynamodb":
            return { kind, eventsTable: store.string("eventsTable"), snapshotsTable: store.string("snapshotsTable") };
        case "cosmos":
            return {
                kind,
                endpoint: store.string("endpoint"),
                database: store.string("database"),
                eventsContainer: store.string("eventsContainer"),
                snapshotsContainer: store.string("snapshotsContainer"),
            };
        case "firestore":
            return { kind, databaseId: store.string("databaseId"), collection: store.optionalString("collection") ?? FIRESTORE_COLLECTION };
        case "postgres":
            return parsePostgresStore(store);
        default:
            throw new ConfigError(`'store.kind' must be one of ${STORE_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
    }
}

/** A PostgreSQL connection document (Sharding's shards take the same one). */
export function parsePostgresStore(store: ConfigReader): Extract<StoreSettings, { kind: "postgres" }> {
    const serverCa = store.optionalString("serverCa");
    return {
        kind: "postgres",
        host: store.string("host"),
        port: store.optionalNumber("port", POSTGRES_PORT, 1, 65_535),
        database: store.string("database"),
        user: store.string("user"),
        auth: parseAuth(store),
        ...(serverCa !== undefined && { serverCa }),
    };
}

function parseAuth(store: ConfigReader): PostgresAuth {
    const kind = store.optionalString("auth") ?? "password";
    switch (kind) {
        case "password":
            return { kind, password: readSecretReference(store, "password") };
        case "azure-entra":
        case "gcp-iam":
            return { kind };
        default:
            throw new ConfigError(`'store.auth' must be one of password, azure-entra, gcp-iam, got ${JSON.stringify(kind)}`);
    }
}
