/** The command function on Cloud Functions (Cloud SQL for PostgreSQL): only this cloud's sign-in code is bundled. */
import { postgresPoolLog } from "../../stores/clients/postgres-pool";
import { gcpPostgresSignIn } from "../../stores/clients/postgres-sign-in-gcp";
import { commandFunction } from "../command-function";

export const handler = commandFunction({ storeKind: "postgres", openLog: (settings) => postgresPoolLog(settings, gcpPostgresSignIn) });
