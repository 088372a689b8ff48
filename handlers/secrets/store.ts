/**
 * A secret store: reads secrets by reference. A function imports the store of the one cloud it
 * runs on (handlers/secrets/<cloud>.ts), so its bundle carries one cloud's SDK, not three.
 */
import type { SecretReference } from "./reference";

export interface SecretStore {
    readonly provider: SecretReference["provider"];
    read(ref: SecretReference): Promise<string>;
}

/** A store for one provider; a reference to another cloud's store is refused by name. */
export function secretStore<P extends SecretReference["provider"]>(
    provider: P,
    read: (ref: Extract<SecretReference, { provider: P }>) => Promise<string>,
): SecretStore {
    return {
        provider,
        read(ref) {
            if (ref.provider !== provider)
                return Promise.reject(
                    new Error(`this function reads ${provider} secrets, but its settings reference a ${ref.provider} secret`),
                );
            return read(ref as Extract<SecretReference, { provider: P }>);
        },
    };
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
export function cachedSecret(ref: SecretReference, store: SecretStore): () => Promise<string> {
    let pending: Promise<string> | undefined;
    return () => {
        pending ??= store.read(ref).catch((err: unknown) => {
            pending = undefined;
            // Name what was read, so the log says which secret (and which grant) to check.
            throw new Error(`${describeSecret(ref)}: ${(err as Error).message}`, { cause: err });
        });
        return pending;
    };
}
