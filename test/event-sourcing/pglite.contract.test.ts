import { eventStoreSchema, postgresEventLog } from "../../handlers/stores/event-store/postgres";
import { usePeer } from "../support/peers";
import { eventStoreContract } from "./contract";

eventStoreContract("PostgreSQL (PGlite, embedded)", () => {
    const peer = usePeer("pglite");
    return {
        async open() {
            await peer.db.exec(eventStoreSchema());
            return postgresEventLog(peer.db);
        },
    };
});
