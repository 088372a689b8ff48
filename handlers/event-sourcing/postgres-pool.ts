/**
 * The PostgreSQL store from a function: a small pool over TLS, the password read once from the
 * cloud's secret store, and the schema created on first use (CREATE ... IF NOT EXISTS).
 */
import { Pool } from "pg";
import { cachedSecret, SecretReference, SecretStore } from "../secrets";
import { EventLog } from "../stores/event-store/log";
import { eventStoreSchema, postgresEventLog } from "../stores/event-store/postgres";
import { StoreSettings } from "./settings";

export function postgresPoolLog(settings: Extract<StoreSettings, { kind: "postgres" }>): EventLog {
    const password = cachedSecret(settings.password, storeFor(settings.password));
    const pool = new Pool({
        host: settings.host,
        port: settings.port,
        database: settings.database,
        user: settings.user,
        password,
        // The managed servers present certificates of their cloud's CA; verification stays on.
        ssl: { rejectUnauthorized: true },
        // A function instance serves one request at a time on Lambda; a few on the others.
        max: 4,
        idleTimeoutMillis: 60_000,
    });
    let ready: Promise<unknown> | undefined;
    const schemaReady = () => (ready ??= pool.query(eventStoreSchema()).catch((err: unknown) => {
        ready = undefined;
        throw err;
    }));
    return postgresEventLog({
        async query(text, params) {
            await schemaReady();
            return pool.query(text, params);
        },
    });
}

/** The secret store of the reference's cloud, loaded only when used (one SDK per function). */
function storeFor(ref: SecretReference): SecretStore {
    switch (ref.provider) {
        case "aws":
            return (require("../secrets/aws") as typeof import("../secrets/aws")).awsSecretStore;
        case "azure":
            return (require("../secrets/azure") as typeof import("../secrets/azure")).azureSecretStore;
        case "gcp":
            return (require("../secrets/gcp") as typeof import("../secrets/gcp")).gcpSecretStore;
    }
}
