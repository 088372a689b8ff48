/**
 * Key Vault over its REST API with the function app's managed identity: @azure/keyvault-secrets
 * and @azure/identity brought MSAL and the Azure core pipeline into the function for one GET (the
 * Azure translator was 644 KiB with them). `GET {vault}/secrets/{name}?api-version=7.4` answers the
 * latest version as `{ value, id, attributes }`.
 */
import { managedIdentityToken } from "../azure-managed-identity";
import { bearerFetch } from "../stores/clients/bearer-fetch";
import { type HttpFetch, sendJson } from "../stores/read-model/http";
import { secretStore } from "./store";

/** The audience of Key Vault's data plane. */
export const KEY_VAULT_SCOPE = "https://vault.azure.net/.default";
const API_VERSION = "7.4";

let identityFetch: HttpFetch | undefined;

/** Reads the latest version of a Key Vault secret; `fetchFn` signs the request (@default the managed identity's token). */
export async function readAzureSecret(vaultUrl: string, secretName: string, fetchFn?: HttpFetch): Promise<string> {
    const url = `${vaultUrl.replace(/\/+$/, "")}/secrets/${encodeURIComponent(secretName)}?api-version=${API_VERSION}`;
    const signed = fetchFn ?? (identityFetch ??= bearerFetch(managedIdentityToken(KEY_VAULT_SCOPE)));
    const { body } = await sendJson<{ value?: unknown }>("Key Vault", signed, "GET", url);
    if (typeof body.value !== "string") throw new Error(`Key Vault secret ${secretName} in ${vaultUrl} has no value`);
    return body.value;
}

/** Key Vault, for function apps. */
export const azureSecretStore = secretStore("azure", (ref) => readAzureSecret(ref.vaultUrl, ref.secretName));
