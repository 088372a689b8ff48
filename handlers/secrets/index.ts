/** Secret references and the store contract; each cloud's store is in handlers/secrets/<cloud>.ts. */
export type { SecretReference } from "./reference";
export { readSecretReference } from "./reference";
export type { SecretStore } from "./store";
export { cachedSecret, describeSecret, secretStore } from "./store";
