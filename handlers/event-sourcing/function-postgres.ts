/** Bundle entry: the command function on the cloud's managed PostgreSQL. */
import { commandFunction } from "./command-function";
import { postgresPoolLog } from "./postgres-pool";

export const handler = commandFunction({ storeKind: "postgres", openLog: postgresPoolLog });
