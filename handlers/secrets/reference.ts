/**
 * Where a function finds a secret: a reference into the cloud's secret store, written into
 * CLOUD_PATTERNS_CONFIG by the component. The value itself never travels in settings.
 */
import { ConfigError, type ConfigReader } from "../config";

export type SecretReference =
    /** Secrets Manager: the secret's ARN (or name). */
    | { readonly provider: "aws"; readonly secretId: string }
    /** Key Vault: the vault URI and the secret's name; the latest version is read. */
    | { readonly provider: "azure"; readonly vaultUrl: string; readonly secretName: string }
    /** Secret Manager: `projects/<p>/secrets/<s>/versions/<v|latest>`. */
    | { readonly provider: "gcp"; readonly name: string };

const PROVIDERS = ["aws", "azure", "gcp"];
const GCP_VERSION_NAME = /^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/;

/** Reads the reference at settings field `at`, naming the bad field. */
export function readSecretReference(settings: ConfigReader, at: string): SecretReference {
    const ref = settings.object(at);
    const provider = ref.string("provider");
    switch (provider) {
        case "aws":
            return { provider, secretId: ref.string("secretId") };
        case "azure": {
            const vaultUrl = ref.string("vaultUrl");
            if (!vaultUrl.startsWith("https://"))
                throw new ConfigError(`'${at}.vaultUrl' must be an https:// URL, got ${JSON.stringify(vaultUrl)}`);
            return { provider, vaultUrl, secretName: ref.string("secretName") };
        }
        case "gcp": {
            const name = ref.string("name");
            if (!GCP_VERSION_NAME.test(name))
                throw new ConfigError(`'${at}.name' must be projects/<p>/secrets/<s>/versions/<v>, got ${JSON.stringify(name)}`);
            return { provider, name };
        }
        default:
            throw new ConfigError(`'${at}.provider' must be one of ${PROVIDERS.join(", ")}, got ${JSON.stringify(provider)}`);
    }
}
