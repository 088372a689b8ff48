/**
 * What AWS packages are bundled with in place of `@aws-sdk/credential-provider-node`
 * (components/platform/bundle.ts aliases it here). Lambda hands a function its execution role's
 * credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * the first link of the default chain, and sets no `AWS_PROFILE` that would skip it. The chain's
 * other links (SSO, shared ini files, credential_process, web identity, container and instance
 * metadata) and the STS/SSO clients they bring are never reached there, and cost 130 KiB of
 * every package. The same environment variables serve `cloud-patterns dev` and the tests that
 * run packages against local peers.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

/** The SDK clients' `credentialDefaultProvider`: the environment's credentials, as the chain's first link reads them. */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
