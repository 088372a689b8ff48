/**
 * The function app's managed identity without @azure/identity (and the MSAL it carries, ~320 KiB
 * of every Azure package): a Microsoft Entra access token from the identity endpoint the Functions
 * host gives every app with an identity. The protocol (App Service / Functions, api-version
 * 2019-08-01, as @azure/msal-node's AppService source speaks it): GET `$IDENTITY_ENDPOINT?resource=
 * <audience>&api-version=2019-08-01`, header `X-IDENTITY-HEADER: $IDENTITY_HEADER`, and `client_id`
 * for a user-assigned identity (`AZURE_CLIENT_ID`, as DefaultAzureCredential reads it); the answer
 * is `{ access_token, expires_on }`, `expires_on` in seconds since the epoch (a number or its text).
 */
import type { AccessTokenSource } from "./gcp-metadata-token";

const API_VERSION = "2019-08-01";
/** A token is renewed this long before it expires, so none expires in flight. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** What {@link managedIdentityToken} reads and calls; tests give their own. */
export interface ManagedIdentityOptions {
    /** @default process.env */
    readonly env?: NodeJS.ProcessEnv;
    /** @default globalThis.fetch */
    readonly fetchFn?: typeof fetch;
    /** @default Date.now */
    readonly clock?: () => number;
}

/** `https://vault.azure.net/.default` and `https://vault.azure.net` name the same audience; the endpoint takes the latter. */
export function resourceOfScope(scope: string): string {
    return scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : scope;
}

/** Tokens for `scope` (an audience, or `<audience>/.default`), cached until five minutes before they expire. */
export function managedIdentityToken(scope: string, options: ManagedIdentityOptions = {}): AccessTokenSource {
    const { env = process.env, fetchFn = fetch, clock = Date.now } = options;
    const resource = resourceOfScope(scope);
    let cached: { token: string; renewAt: number } | undefined;
    let pending: Promise<string> | undefined;
    const fetchToken = async (): Promise<string> => {
        const endpoint = env.IDENTITY_ENDPOINT;
        const secret = env.IDENTITY_HEADER;
        if (!endpoint || !secret) {
            throw new Error(
                `no managed identity for ${resource}: IDENTITY_ENDPOINT and IDENTITY_HEADER are unset (is the function app's identity on?)`,
            );
        }
        const url = new URL(endpoint);
        url.searchParams.set("resource", resource);
        url.searchParams.set("api-version", API_VERSION);
        if (env.AZURE_CLIENT_ID) url.searchParams.set("client_id", env.AZURE_CLIENT_ID);
        const res = await fetchFn(url, { headers: { "x-identity-header": secret } });
        if (!res.ok) throw new Error(`the identity endpoint answered ${res.status} for ${resource}: ${(await res.text()).slice(0, 300)}`);
        const body = (await res.json()) as { access_token?: string; expires_on?: number | string };
        const expiresOn = Number(body.expires_on);
        if (typeof body.access_token !== "string" || !Number.isFinite(expiresOn)) {
            throw new Error(`the identity endpoint's answer for ${resource} has no access_token and expires_on`);
        }
        cached = { token: body.access_token, renewAt: expiresOn * 1000 - RENEW_BEFORE_MS };
        return body.access_token;
    };
    return async () => {
        if (cached && cached.renewAt > clock()) return cached.token;
        // Concurrent callers share one request.
        pending ??= fetchToken().finally(() => (pending = undefined));
        return pending;
    };
}

/**
 * The `TokenCredential` shape (@azure/core-auth) over {@link managedIdentityToken}, for an SDK
 * client that takes one (Cosmos DB's `aadCredentials`): one token source per scope asked for.
 */
export function managedIdentityCredential(options: ManagedIdentityOptions = {}): {
    getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number }>;
} {
    const sources = new Map<string, AccessTokenSource>();
    const clock = options.clock ?? Date.now;
    return {
        async getToken(scopes) {
            const scope = Array.isArray(scopes) ? scopes[0] : scopes;
            let source = sources.get(scope);
            if (!source) sources.set(scope, (source = managedIdentityToken(scope, options)));
            const token = await source();
            // The source renews on its own; the SDK's own refresh only needs a time past now.
            return { token, expiresOnTimestamp: clock() + RENEW_BEFORE_MS };
        },
    };
}
