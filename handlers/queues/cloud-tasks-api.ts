/**
 * The one Cloud Tasks call the producer makes, over the REST API with the function's own
 * identity. Not @google-cloud/tasks: its client reads JSON files beside its own code at load
 * time, so it cannot run from a bundle.
 */
import { AccessTokenSource, metadataServerToken } from "../gcp-metadata-token";

export { metadataServerToken, type AccessTokenSource } from "../gcp-metadata-token";

/**
 * Set only where no Cloud Tasks exists (`cloud-patterns dev`, its local queue): the API's root
 * instead of https://cloudtasks.googleapis.com. Unset on Cloud Functions.
 */
export const CLOUD_TASKS_ENDPOINT_ENV = "CLOUD_TASKS_REST_ENDPOINT";

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
