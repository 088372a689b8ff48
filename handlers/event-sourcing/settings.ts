/**
 * The command function's settings (CLOUD_PATTERNS_CONFIG), written by the EventSourcing
 * component: which store, how often to snapshot, where committed events are published.
 */
import { ConfigError, ConfigReader } from "../config";
import { readSecretReference, SecretReference } from "../secrets";

export type StoreSettings =
    | { readonly kind: "dynamodb"; readonly eventsTable: string; readonly snapshotsTable: string }
    | { readonly kind: "cosmos"; readonly endpoint: string; readonly database: string; readonly eventsContainer: string; readonly snapshotsContainer: string }
    | { readonly kind: "firestore"; readonly databaseId: string; readonly collection: string }
    | {
          readonly kind: "postgres";
          readonly host: string;
          readonly port: number;
          readonly database: string;
          readonly user: string;
          /** The password lives in the cloud's secret store; only the reference is in settings. */
          readonly password: SecretReference;
      };

/** Where the command function itself publishes (GCP; AWS and Azure publish from the store's change stream). */
export type PublishSettings = { readonly kind: "pubsub"; readonly topic: string } | { readonly kind: "none" };

export interface EventSourcingSettings {
    readonly store: StoreSettings;
    readonly snapshotEvery: number;
    readonly publish: PublishSettings;
}

const STORE_KINDS = ["dynamodb", "cosmos", "firestore", "postgres"];

export function parseEventSourcingSettings(settings: ConfigReader): EventSourcingSettings {
    const publish = settings.raw("publish") === undefined ? undefined : settings.object("publish");
    const publishKind = publish?.string("kind") ?? "none";
    if (publishKind !== "pubsub" && publishKind !== "none") throw new ConfigError(`'publish.kind' must be pubsub or none, got ${JSON.stringify(publishKind)}`);
    return {
        store: parseStore(settings.object("store")),
        snapshotEvery: settings.optionalNumber("snapshotEvery", 100, 0, 100_000),
        publish: publishKind === "pubsub" ? { kind: "pubsub", topic: publish!.string("topic") } : { kind: "none" },
    };
}

function parseStore(store: ConfigReader): StoreSettings {
    const kind = store.string("kind");
    switch (kind) {
        case "dynamodb":
            return { kind, eventsTable: store.string("eventsTable"), snapshotsTable: store.string("snapshotsTable") };
        case "cosmos":
            return { kind, endpoint: store.string("endpoint"), database: store.string("database"), eventsContainer: store.string("eventsContainer"), snapshotsContainer: store.string("snapshotsContainer") };
        case "firestore":
            return { kind, databaseId: store.string("databaseId"), collection: store.optionalString("collection") ?? "streams" };
        case "postgres":
            return {
                kind,
                host: store.string("host"),
                port: store.optionalNumber("port", 5432, 1, 65_535),
                database: store.string("database"),
                user: store.string("user"),
                password: readSecretReference(store, "password"),
            };
        default:
            throw new ConfigError(`'store.kind' must be one of ${STORE_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
    }
}
