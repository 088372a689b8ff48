import { firestoreClient } from "../../handlers/stores/clients/firestore";
import { firestoreEventLog } from "../../handlers/stores/event-store/firestore";
import { usePeer } from "../support/peers";
import { eventStoreContract } from "./contract";

eventStoreContract("Firestore (emulator)", () => {
    const peer = usePeer("firestore");
    return {
        open: async () => firestoreEventLog(firestoreClient("(default)", peer.options)),
    };
});
