/**
 * Secret Manager over its REST API with the metadata server's token, as the Cloud Tasks producer
 * calls Cloud Tasks: @google-cloud/secret-manager would bring google-gax, gRPC and protobuf into
 * the function for one GET (the GCP translator was 2,248 KB with the client, 113 KB without).
 */
import { AccessTokenSource, metadataServerToken } from "../gcp-metadata-token";
import { secretStore } from "./store";

export interface SecretManagerApi {
    /** @default the metadata server's token for the function's service account */
    readonly token?: AccessTokenSource;
    /** @default the global fetch */
    readonly fetch?: typeof fetch;
    /** @default "https://secretmanager.googleapis.com" */
    readonly endpoint?: string;
}

const defaultToken = metadataServerToken();

/**
 * Reads a Secret Manager secret version (`projects/p/secrets/s/versions/latest`) as text:
 * `GET v1/{name}:access`, whose answer carries the payload base64-encoded.
 */
export async function readGcpSecret(name: string, api: SecretManagerApi = {}): Promise<string> {
    const { token = defaultToken, fetch: fetchFn = fetch, endpoint = "https://secretmanager.googleapis.com" } = api;
    const res = await fetchFn(`${endpoint}/v1/${name}:access`, { headers: { authorization: `Bearer ${await token()}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`Secret Manager answered ${res.status} reading ${name}: ${text.slice(0, 300)}`);
    const data = (JSON.parse(text) as { payload?: { data?: unknown } }).payload?.data;
    if (typeof data !== "string") throw new Error(`Secret Manager version ${name} has no payload`);
    return Buffer.from(data, "base64").toString("utf8");
}

/** Secret Manager, for Cloud Functions. */
export const gcpSecretStore = secretStore("gcp", (ref) => readGcpSecret(ref.name));
