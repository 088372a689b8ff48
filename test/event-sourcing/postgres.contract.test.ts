import { Pool } from "pg";
import { withPreparedStatements } from "../../handlers/stores/clients/postgres-prepared";
import { eventStoreSchema, postgresEventLog } from "../../handlers/stores/event-store/postgres";
import { usePeer } from "../support/peers";
import { eventStoreContract } from "./contract";

// A real PostgreSQL server (private cluster); a pool, so the 8 racing writers really are concurrent,
// with named statements as the functions' pool (postgres-pool.ts) sends them.
eventStoreContract("PostgreSQL (server, pg)", () => {
    const peer = usePeer("postgres", { freshDatabase: true });
    let pool: Pool;
    return {
        async open() {
            pool = new Pool({ connectionString: peer.connectionString, max: 8 });
            await pool.query(eventStoreSchema());
            return postgresEventLog(withPreparedStatements(pool));
        },
        close: async () => pool.end(),
    };
});
