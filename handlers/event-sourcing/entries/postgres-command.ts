/** The command function on the cloud's managed PostgreSQL (any cloud: the settings say how to sign in). */
import { postgresPoolLog } from "../../stores/clients/postgres-pool";
import { commandFunction } from "../command-function";

export const handler = commandFunction({ storeKind: "postgres", openLog: postgresPoolLog });
