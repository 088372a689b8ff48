/** The command function on Azure Functions (Azure Database for PostgreSQL): only this cloud's sign-in code is bundled. */
import { postgresPoolLog } from "../../stores/clients/postgres-pool";
import { azurePostgresSignIn } from "../../stores/clients/postgres-sign-in-azure";
import { commandFunction } from "../command-function";

export const handler = commandFunction({ storeKind: "postgres", openLog: (settings) => postgresPoolLog(settings, azurePostgresSignIn) });
