/**
 * The function's own Google identity without google-auth-library: an OAuth access token from the
 * metadata server every Cloud Run / Cloud Functions instance has. The REST calls to Google APIs
 * (Cloud Tasks, Secret Manager) take it as a bearer token, so no gRPC client is bundled.
 */

/** An OAuth access token for the function's service account. */
export type AccessTokenSource = () => Promise<string>;

const METADATA_TOKEN_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";

/** Tokens from the metadata server, cached until a minute before expiry. */
export function metadataServerToken(fetchFn: typeof fetch = fetch, clock: () => number = Date.now): AccessTokenSource {
    let cached: { token: string; until: number } | undefined;
    return async () => {
        if (cached && cached.until > clock()) return cached.token;
        const res = await fetchFn(METADATA_TOKEN_URL, { headers: { "metadata-flavor": "Google" } });
        if (!res.ok) throw new Error(`metadata server answered ${res.status} for an access token`);
        const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
        cached = { token: access_token, until: clock() + (expires_in - 60) * 1000 };
        return access_token;
    };
}
