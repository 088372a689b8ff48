/**
 * `fetch` with the function identity's OAuth token: Microsoft Entra (the function app's managed
 * identity, for AI Search with keys off) or Google (the function's service account, for BigQuery).
 */
import { DefaultAzureCredential } from "@azure/identity";
import { GoogleAuth } from "google-auth-library";
import type { HttpFetch } from "../read-model/http";

function bearerFetch(token: () => Promise<string>): HttpFetch {
    return async (url, init) => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${await token()}` } });
}

/** AI Search data plane: the token's audience is https://search.azure.com. */
export function azureSearchFetch(credential = new DefaultAzureCredential()): HttpFetch {
    return bearerFetch(async () => {
        const token = await credential.getToken("https://search.azure.com/.default");
        if (!token) throw new Error("no Microsoft Entra token for https://search.azure.com");
        return token.token;
    });
}

export function googleBigQueryFetch(auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/bigquery"] })): HttpFetch {
    return bearerFetch(async () => {
        const token = await auth.getAccessToken();
        if (!token) throw new Error("no Google access token for BigQuery");
        return token;
    });
}
