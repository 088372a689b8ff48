/** `fetch` with an OAuth token of the function's identity, for the read-model adapters (read-model/http.ts). */
import type { HttpFetch } from "../read-model/http";

export function bearerFetch(token: () => Promise<string>): HttpFetch {
    return async (url, init) => fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${await token()}` } });
}
