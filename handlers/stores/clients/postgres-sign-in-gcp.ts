/** Cloud Functions' PostgreSQL sign-in: a Secret Manager password, or the service account's token (Cloud SQL IAM database auth). */
import { metadataServerRoot } from "../../gcp-metadata-token";
import { gcpSecretStore } from "../../secrets/gcp";
import type { PostgresSignIn } from "./postgres-pool";

const cloudSqlLoginTokenPath = "/instance/service-accounts/default/token?scopes=https://www.googleapis.com/auth/sqlservice.login";

/** The function's service account token from the metadata server, fetched per new connection so it never goes stale. */
async function cloudSqlLoginToken(): Promise<string> {
    const response = await fetch(metadataServerRoot() + cloudSqlLoginTokenPath, { headers: { "Metadata-Flavor": "Google" } });
    if (!response.ok) throw new Error(`the metadata server answered ${response.status} for a Cloud SQL login token`);
    return ((await response.json()) as { access_token: string }).access_token;
}

export const gcpPostgresSignIn: PostgresSignIn = {
    cloud: "gcp",
    secrets: gcpSecretStore,
    identity: { kind: "gcp-iam", token: cloudSqlLoginToken },
};
