/**
 * Opens the event store the settings name. Each database's SDK is required only when used, so
 * a Lambda bundle never initialises the Cosmos DB client (esbuild still bundles them all).
 */
import { createEventStore } from "../stores/event-store/event-store";
import { EventLog } from "../stores/event-store/log";
import { EventStore } from "../stores/event-store/port";
import { StoreSettings } from "./settings";

export function openEventStore(settings: StoreSettings): EventStore {
    return createEventStore(openLog(settings));
}

function openLog(settings: StoreSettings): EventLog {
    switch (settings.kind) {
        case "dynamodb": {
            const { dynamoDocumentClient } = require("../stores/clients/dynamodb") as typeof import("../stores/clients/dynamodb");
            const { dynamoEventLog } = require("../stores/event-store/dynamodb") as typeof import("../stores/event-store/dynamodb");
            return dynamoEventLog(dynamoDocumentClient(), settings);
        }
        case "cosmos": {
            const { cosmosClient } = require("../stores/clients/cosmos") as typeof import("../stores/clients/cosmos");
            const { cosmosEventLog } = require("../stores/event-store/cosmos") as typeof import("../stores/event-store/cosmos");
            const database = cosmosClient(settings.endpoint).database(settings.database);
            return cosmosEventLog({ events: database.container(settings.eventsContainer), snapshots: database.container(settings.snapshotsContainer) });
        }
        case "firestore": {
            const { firestoreClient } = require("../stores/clients/firestore") as typeof import("../stores/clients/firestore");
            const { firestoreEventLog } = require("../stores/event-store/firestore") as typeof import("../stores/event-store/firestore");
            return firestoreEventLog(firestoreClient({ databaseId: settings.databaseId }), { collection: settings.collection });
        }
        case "postgres": {
            const { postgresPoolLog } = require("./postgres-pool") as typeof import("./postgres-pool");
            return postgresPoolLog(settings);
        }
    }
}
