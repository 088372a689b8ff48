/** Bundle entry: the command function on Firestore (GCP), publishing to Pub/Sub after each commit. */
import { PubSub } from "@google-cloud/pubsub";
import { firestoreClient } from "../stores/clients/firestore";
import { firestoreEventLog } from "../stores/event-store/firestore";
import { commandFunction } from "./command-function";
import { pubsubPublisher } from "./pubsub-publisher";

export const handler = commandFunction({
    storeKind: "firestore",
    openLog: (store) => firestoreEventLog(firestoreClient({ databaseId: store.databaseId }), { collection: store.collection }),
    publisher: (settings) => (settings.publish.kind === "pubsub" ? pubsubPublisher(new PubSub(), settings.publish.topic) : undefined),
});
