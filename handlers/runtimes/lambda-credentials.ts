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
import type { fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * The SDK clients' `credentialDefaultProvider`: the environment's credentials, read as the
 * chain's first link (`fromEnv` of @aws-sdk/credential-provider-env 3.972) reads them, with its
 * error when they are missing. `fromEnv` itself is not bundled: it imports `@aws-sdk/core/client`
 * only to tag the credentials for the SDK's user-agent metrics, and that import brings 21 KiB of
 * the SDK's endpoint and serde middleware into packages that call AWS without an SDK client.
 */
export const defaultProvider: typeof fromEnv = () => async () => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION, AWS_CREDENTIAL_SCOPE, AWS_ACCOUNT_ID } =
        process.env;
    if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY)
        throw Object.assign(new Error("Unable to find environment variable credentials."), {
            name: "CredentialsProviderError",
            tryNextLink: true,
        });
    return {
        accessKeyId: AWS_ACCESS_KEY_ID,
        secretAccessKey: AWS_SECRET_ACCESS_KEY,
        ...(AWS_SESSION_TOKEN && { sessionToken: AWS_SESSION_TOKEN }),
        ...(AWS_CREDENTIAL_EXPIRATION && { expiration: new Date(AWS_CREDENTIAL_EXPIRATION) }),
        ...(AWS_CREDENTIAL_SCOPE && { credentialScope: AWS_CREDENTIAL_SCOPE }),
        ...(AWS_ACCOUNT_ID && { accountId: AWS_ACCOUNT_ID }),
    };
};
