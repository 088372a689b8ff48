/**
 * Reads a secret from the store its reference names. Each cloud's SDK is loaded only when a
 * reference of that cloud is read, so a function pays the start-up cost of one SDK.
 */
import type { SecretReference } from "./reference";

export type { SecretReference } from "./reference";
export { readSecretReference } from "./reference";

export async function readSecret(ref: SecretReference): Promise<string> {
    switch (ref.provider) {
        case "aws":
            return (require("./aws") as typeof import("./aws")).readAwsSecret(ref.secretId);
        case "azure":
            return (require("./azure") as typeof import("./azure")).readAzureSecret(ref.vaultUrl, ref.secretName);
        case "gcp":
            return (require("./gcp") as typeof import("./gcp")).readGcpSecret(ref.name);
    }
}

/** Describes a reference for messages and logs, without its value. */
export function describeSecret(ref: SecretReference): string {
    switch (ref.provider) {
        case "aws":
            return `Secrets Manager secret ${ref.secretId}`;
        case "azure":
            return `Key Vault secret ${ref.secretName} in ${ref.vaultUrl}`;
        case "gcp":
            return `Secret Manager version ${ref.name}`;
    }
}

/**
 * Reads the secret once per cold start and caches it; a failed read is not cached, so the
 * next request tries again instead of the instance staying broken.
 */
export function cachedSecret(ref: SecretReference, read: (ref: SecretReference) => Promise<string> = readSecret): () => Promise<string> {
    let pending: Promise<string> | undefined;
    return () => {
        pending ??= read(ref).catch((err: unknown) => {
            pending = undefined;
            throw err;
        });
        return pending;
    };
}
