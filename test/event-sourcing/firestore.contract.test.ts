import type { Firestore } from "@google-cloud/firestore";
import { firestoreClient } from "../../handlers/stores/clients/firestore";
import { firestoreEventLog } from "../../handlers/stores/event-store/firestore";
import { usePeer } from "../support/peers";
import { eventStoreContract } from "./contract";

eventStoreContract("Firestore (emulator)", () => {
    const peer = usePeer("firestore");
    let db: Firestore;
    return {
        async open() {
            db = firestoreClient(peer.settings);
            return firestoreEventLog(db);
        },
        close: async () => db.terminate(),
    };
});
