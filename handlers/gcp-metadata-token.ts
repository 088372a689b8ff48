/**
 * The function's own Google identity without google-auth-library: an OAuth access token (and its
 * project) from the metadata server every Cloud Run / Cloud Functions instance has. The REST calls
 * to Google APIs (Cloud Tasks, Secret Manager, Firestore, Pub/Sub) take it as a bearer token, so no
 * gRPC client is bundled.
 */

/** An OAuth access token for the function's service account. */
export type AccessTokenSource = () => Promise<string>;

/**
 * The metadata server's API root. `GCE_METADATA_HOST` moves it (host[:port]), as it does for
 * Google's own gcp-metadata library, so a local stand-in can hand out tokens; read per call.
 */
export function metadataServerRoot(): string {
    return `http://${process.env.GCE_METADATA_HOST || "metadata.google.internal"}/computeMetadata/v1`;
}

const tokenPath = "/instance/service-accounts/default/token";

/** Tokens from the metadata server, cached until a minute before expiry. */
export function metadataServerToken(fetchFn: typeof fetch = fetch, clock: () => number = Date.now): AccessTokenSource {
    let cached: { token: string; until: number } | undefined;
    return async () => {
        if (cached && cached.until > clock()) return cached.token;
        const res = await fetchFn(metadataServerRoot() + tokenPath, { headers: { "metadata-flavor": "Google" } });
        if (!res.ok) throw new Error(`metadata server answered ${res.status} for an access token`);
        const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
        cached = { token: access_token, until: clock() + (expires_in - 60) * 1000 };
        return access_token;
    };
}

/** The id of the project the function runs in, as google-auth-library finds it when no variable names one. */
export async function metadataServerProjectId(fetchFn: typeof fetch = fetch): Promise<string> {
    const res = await fetchFn(`${metadataServerRoot()}/project/project-id`, { headers: { "metadata-flavor": "Google" } });
    if (!res.ok) throw new Error(`metadata server answered ${res.status} for the project id`);
    return (await res.text()).trim();
}
