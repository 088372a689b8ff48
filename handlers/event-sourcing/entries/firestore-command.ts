/**
 * The command function on Firestore (GCP). It does not publish: the publisher
 * function does, from each committed event document (gcp-publisher.ts).
 */
import { firestoreClient } from "../../stores/clients/firestore";
import { firestoreEventLog } from "../../stores/event-store/firestore";
import { commandFunction } from "../command-function";

export const handler = commandFunction({
    storeKind: "firestore",
    openLog: (store) => firestoreEventLog(firestoreClient(store.databaseId), { collection: store.collection }),
});
