/**
 * The one Cloud Tasks call the producer makes, over the REST API with the function's own
 * identity. Not @google-cloud/tasks: its client reads JSON files beside its own code at load
 * time, so it cannot run from a bundle.
 */

/** A task as the REST API takes it (v2 `Task`, HTTP target only). */
export interface HttpTask {
    readonly name?: string;
    readonly httpRequest: {
        readonly url: string;
        readonly httpMethod: "POST";
        readonly headers: Readonly<Record<string, string>>;
        /** base64 */
        readonly body: string;
        readonly oidcToken: { readonly serviceAccountEmail: string; readonly audience: string };
    };
}

export interface CloudTasksApi {
    /** The created task's full name, or `already-exists` when a task of that name exists or existed recently. */
    createTask(parent: string, task: HttpTask): Promise<{ readonly name: string } | "already-exists">;
}

/** An OAuth access token for the function's service account. */
export type AccessTokenSource = () => Promise<string>;

const METADATA_TOKEN_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";

/** Tokens from the metadata server every Cloud Run / Cloud Functions instance has, cached until a minute before expiry. */
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

/** `POST https://cloudtasks.googleapis.com/v2/{parent}/tasks`. */
export function cloudTasksRestApi(
    token: AccessTokenSource = metadataServerToken(),
    fetchFn: typeof fetch = fetch,
    endpoint = "https://cloudtasks.googleapis.com",
): CloudTasksApi {
    return {
        async createTask(parent, task) {
            const res = await fetchFn(`${endpoint}/v2/${parent}/tasks`, {
                method: "POST",
                headers: { authorization: `Bearer ${await token()}`, "content-type": "application/json" },
                body: JSON.stringify({ task }),
            });
            if (res.status === 409) return "already-exists";
            const text = await res.text();
            if (!res.ok) throw new Error(`Cloud Tasks answered ${res.status} creating a task in ${parent}: ${text.slice(0, 300)}`);
            return { name: (JSON.parse(text) as { name: string }).name };
        },
    };
}
