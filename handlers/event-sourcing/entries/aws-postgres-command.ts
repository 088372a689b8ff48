/** The command function on Lambda (Aurora / RDS PostgreSQL): only this cloud's sign-in code is bundled. */
import { postgresPoolLog } from "../../stores/clients/postgres-pool";
import { awsPostgresSignIn } from "../../stores/clients/postgres-sign-in-aws";
import { commandFunction } from "../command-function";

export const handler = commandFunction({ storeKind: "postgres", openLog: (settings) => postgresPoolLog(settings, awsPostgresSignIn) });
