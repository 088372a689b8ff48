import { SecretManagerServiceClient } from "@google-cloud/secret-manager";
import { secretStore } from "./store";

/** Reads a Secret Manager secret version (`projects/p/secrets/s/versions/latest`) as text. */
export async function readGcpSecret(name: string, client: SecretManagerServiceClient = new SecretManagerServiceClient()): Promise<string> {
    const [version] = await client.accessSecretVersion({ name });
    const data = version.payload?.data;
    if (data === undefined || data === null) throw new Error(`Secret Manager version ${name} has no payload`);
    return typeof data === "string" ? data : Buffer.from(data).toString("utf8");
}

/** Secret Manager, for Cloud Functions. */
export const gcpSecretStore = secretStore("gcp", (ref) => readGcpSecret(ref.name));
