/** AI Search's data plane with the function app's managed identity (keys are off): the token's audience is https://search.azure.com. */
import { DefaultAzureCredential } from "@azure/identity";
import type { HttpFetch } from "../read-model/http";
import { bearerFetch } from "./bearer-fetch";

export function azureSearchFetch(credential = new DefaultAzureCredential()): HttpFetch {
    return bearerFetch(async () => {
        const token = await credential.getToken("https://search.azure.com/.default");
        if (!token) throw new Error("no Microsoft Entra token for https://search.azure.com");
        return token.token;
    });
}
