import { AwsJsonOptions, awsJsonClient, AwsJsonService } from "../stores/clients/aws-json";
import { secretStore } from "./store";

/** Secrets Manager's AWS JSON 1.1 protocol, as @aws-sdk/client-secrets-manager sends it (its default retries). */
const SECRETS_MANAGER: AwsJsonService = {
    signingName: "secretsmanager",
    endpointId: "SECRETS_MANAGER",
    targetPrefix: "secretsmanager",
    jsonVersion: "1.1",
    maxAttempts: 3,
    baseDelayMs: 50,
};

/** GetSecretValue's answer: the text, or the bytes base64-encoded as the JSON protocol sends a blob. */
interface SecretValue {
    readonly SecretString?: string;
    readonly SecretBinary?: string;
}

/** Reads the current version of a Secrets Manager secret as text (GetSecretValue). */
export async function readAwsSecret(secretId: string, options: AwsJsonOptions = {}): Promise<string> {
    const out = await awsJsonClient(SECRETS_MANAGER, options)<SecretValue>("GetSecretValue", { SecretId: secretId });
    if (out.SecretString !== undefined) return out.SecretString;
    if (out.SecretBinary !== undefined) return Buffer.from(out.SecretBinary, "base64").toString("utf8");
    throw new Error(`Secrets Manager secret ${secretId} has no value`);
}

/** Secrets Manager, for functions running on Lambda. */
export const awsSecretStore = secretStore("aws", (ref) => readAwsSecret(ref.secretId));
