/** AI Search's data plane with the function app's managed identity (keys are off): the token's audience is https://search.azure.com. */
import { managedIdentityToken } from "../../azure-managed-identity";
import type { AccessTokenSource } from "../../gcp-metadata-token";
import type { HttpFetch } from "../read-model/http";
import { bearerFetch } from "./bearer-fetch";

export const AZURE_SEARCH_SCOPE = "https://search.azure.com/.default";

export function azureSearchFetch(token: AccessTokenSource = managedIdentityToken(AZURE_SEARCH_SCOPE)): HttpFetch {
    return bearerFetch(token);
}
