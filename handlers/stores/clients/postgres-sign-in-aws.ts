/** Lambda's PostgreSQL sign-in: a password from Secrets Manager (Aurora's managed master secret or one of the user's). */
import { awsSecretStore } from "../../secrets/aws";
import type { PostgresSignIn } from "./postgres-pool";

export const awsPostgresSignIn: PostgresSignIn = { cloud: "aws", secrets: awsSecretStore };
