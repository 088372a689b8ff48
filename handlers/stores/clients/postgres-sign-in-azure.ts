/** Azure Functions' PostgreSQL sign-in: a Key Vault password, or the managed identity's Microsoft Entra token. */
import { DefaultAzureCredential } from "@azure/identity";
import { azureSecretStore } from "../../secrets/azure";
import type { PostgresSignIn } from "./postgres-pool";

const AZURE_POSTGRES_SCOPE = "https://ossrdbms-aad.database.windows.net/.default";

let credential: DefaultAzureCredential | undefined;

async function entraToken(): Promise<string> {
    const token = await (credential ??= new DefaultAzureCredential()).getToken(AZURE_POSTGRES_SCOPE);
    if (!token) throw new Error(`no Entra ID token for ${AZURE_POSTGRES_SCOPE}; is the function app's managed identity on?`);
    return token.token;
}

export const azurePostgresSignIn: PostgresSignIn = {
    cloud: "azure",
    secrets: azureSecretStore,
    identity: { kind: "azure-entra", token: entraToken },
};
