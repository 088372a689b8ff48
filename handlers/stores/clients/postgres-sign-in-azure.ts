/** Azure Functions' PostgreSQL sign-in: a Key Vault password, or the managed identity's Microsoft Entra token. */
import { managedIdentityToken } from "../../azure-managed-identity";
import { azureSecretStore } from "../../secrets/azure";
import type { PostgresSignIn } from "./postgres-pool";

const AZURE_POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

export const azurePostgresSignIn: PostgresSignIn = {
    cloud: "azure",
    secrets: azureSecretStore,
    identity: { kind: "azure-entra", token: managedIdentityToken(AZURE_POSTGRES_SCOPE) },
};
