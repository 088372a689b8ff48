import { PGlite } from "@electric-sql/pglite";
import { eventStoreSchema, postgresEventLog } from "../../handlers/stores/event-store/postgres";
import { eventStoreContract } from "./contract";

// PGlite is PostgreSQL 18 compiled to WebAssembly, in-process: one instance for the file (~2 s to start).
let db: PGlite;
eventStoreContract("PostgreSQL (PGlite, embedded)", {
    async open() {
        db = new PGlite();
        await db.exec(eventStoreSchema());
        return postgresEventLog(db);
    },
    close: async () => db.close(),
});
