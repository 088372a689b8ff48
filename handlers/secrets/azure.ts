import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import { secretStore } from "./store";

/** Reads the latest version of a Key Vault secret with the function app's managed identity. */
export async function readAzureSecret(
    vaultUrl: string,
    secretName: string,
    client: SecretClient = new SecretClient(vaultUrl, new DefaultAzureCredential()),
): Promise<string> {
    const secret = await client.getSecret(secretName);
    if (secret.value === undefined) throw new Error(`Key Vault secret ${secretName} in ${vaultUrl} has no value`);
    return secret.value;
}

/** Key Vault, for function apps. */
export const azureSecretStore = secretStore("azure", (ref) => readAzureSecret(ref.vaultUrl, ref.secretName));
