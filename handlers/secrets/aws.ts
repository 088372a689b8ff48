import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { secretStore } from "./store";

/** Reads the current version of a Secrets Manager secret as text. */
export async function readAwsSecret(secretId: string, client: SecretsManagerClient = new SecretsManagerClient({})): Promise<string> {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (out.SecretString !== undefined) return out.SecretString;
    if (out.SecretBinary !== undefined) return Buffer.from(out.SecretBinary).toString("utf8");
    throw new Error(`Secrets Manager secret ${secretId} has no value`);
}

/** Secrets Manager, for functions running on Lambda. */
export const awsSecretStore = secretStore("aws", (ref) => readAwsSecret(ref.secretId));
