/**
 * The functions Event Sourcing deploys, as the bundler sees them. Components refer to handlers
 * only by path: the command handler with its decider module, and the publishers of AWS (the
 * table's stream, through a Pipe), Azure (Cosmos DB change feed) and GCP (Firestore document events).
 */
import * as path from "node:path";
import { PACKAGE_ROOT } from "../platform/package-root";
import { BundleSpec, Trigger } from "../platform/types";

const HANDLERS = path.join(PACKAGE_ROOT, "handlers/event-sourcing");

/** The specifier the command function imports its decider by (handlers/event-sourcing/command-function.ts). */
export const DECIDER_SPECIFIER = "cloud-patterns:decider";
/** The built-in decider: the catalogue's account example. */
export const DEFAULT_DECIDER_MODULE = path.join(HANDLERS, "account-decider.ts");

/** The database a command function is bundled for: one entry each, so a bundle carries one SDK. */
export type CommandStore = "dynamodb" | "cosmos" | "firestore" | "postgres";

export function commandBundle(store: CommandStore, deciderModule: string = DEFAULT_DECIDER_MODULE): BundleSpec {
    return {
        entry: path.join(HANDLERS, "entries", `${store}-command.ts`),
        exportName: "handler",
        trigger: { kind: "http" },
        userModules: { [DECIDER_SPECIFIER]: deciderModule },
    };
}

/** The app-setting prefix of the change feed trigger's identity-based Cosmos DB connection. */
export const COSMOS_CONNECTION = "EVENTS_COSMOS";

export function publisherBundle(trigger: Extract<Trigger, { kind: "cosmos-change-feed" }>): BundleSpec {
    return { entry: path.join(HANDLERS, "entries", "azure-publisher.ts"), exportName: "handler", trigger };
}

/** GCP's publisher: Eventarc Firestore `document.v1.created` on the event documents -> Pub/Sub. */
export function firestorePublisherBundle(): BundleSpec {
    return { entry: path.join(HANDLERS, "entries", "gcp-publisher.ts"), exportName: "handler", trigger: { kind: "firestore-document" } };
}

/** AWS's publisher: the events table's stream records, from the EventBridge Pipe -> EventBridge. */
export function streamPublisherBundle(): BundleSpec {
    return { entry: path.join(HANDLERS, "entries", "aws-publisher.ts"), exportName: "handler", trigger: { kind: "dynamodb-stream" } };
}

/** For `npm run bundle`: every function of this pattern, by name. */
export const functions: Record<string, BundleSpec> = {
    "event-sourcing-command-dynamodb": commandBundle("dynamodb"),
    "event-sourcing-command-cosmos": commandBundle("cosmos"),
    "event-sourcing-command-firestore": commandBundle("firestore"),
    "event-sourcing-command-postgres": commandBundle("postgres"),
    "event-sourcing-publisher": publisherBundle({
        kind: "cosmos-change-feed",
        connection: COSMOS_CONNECTION,
        databaseName: "eventsourcing",
        containerName: "events",
        leaseContainerName: "leases",
    }),
    "event-sourcing-publisher-firestore": firestorePublisherBundle(),
    "event-sourcing-publisher-eventbridge": streamPublisherBundle(),
};
