/**
 * AWS: HTTP API -> Lambda, the legacy credentials in Secrets Manager, and an inline policy
 * letting the function's own role read that one secret and nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsFunction, createAwsFunction, grantAws } from "../platform/function-aws";
import { AwsHttpApi, createAwsHttpApi } from "../platform/http-aws";
import type { AntiCorruptionLayerImplementation, AntiCorruptionLayerOutputs } from "./outputs";
import type { ResolvedAntiCorruptionLayerArgs } from "./resolve";
import { callerKeyOutput } from "../platform/front-door-auth";

export interface AwsAntiCorruptionLayer extends AntiCorruptionLayerOutputs {
    readonly httpApi: AwsHttpApi;
    readonly function: AwsFunction;
    /** The secret holding the legacy credentials, when credentials were given. */
    readonly credentialsSecret?: aws.secretsmanager.Secret;
    readonly credentialsVersion?: aws.secretsmanager.SecretVersion;
    /** `secretsmanager:GetSecretValue` on that secret's ARN only. */
    readonly secretAccess?: aws.iam.RolePolicy;
}

export const createAwsAntiCorruptionLayer: AntiCorruptionLayerImplementation<AwsAntiCorruptionLayer> = (
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    opts: pulumi.CustomResourceOptions,
) => {
    const secret = resolved.credentials && storeCredentials(name, resolved, resolved.credentials, opts);
    const fn = createAwsFunction(
        `${name}-translator`,
        {
            ...resolved.function,
            bundle: resolved.bundle,
            settings: resolved.settings(secret && { provider: "aws", secretId: secret.secret.arn }),
        },
        opts,
    );
    const secretAccess =
        secret &&
        grantAws(`${name}-secret-access`, fn.role, [{ actions: ["secretsmanager:GetSecretValue"], resources: [secret.secret.arn] }], opts);
    const httpApi = createAwsHttpApi(
        `${name}-front`,
        {
            routes: resolved.routes.map((r) => r.key),
            fn: fn.function,
            timeoutMs: resolved.frontDoorTimeoutMs,
            throttle: { rateLimit: resolved.aws.throttlingRateLimit, burstLimit: resolved.aws.throttlingBurstLimit },
            tags: resolved.tags,
            logRetentionDays: resolved.function.logRetentionDays,
            auth: resolved.auth,
        },
        opts,
    );
    return {
        httpApi,
        function: fn,
        credentialsSecret: secret?.secret,
        credentialsVersion: secret?.version,
        secretAccess,
        functionName: fn.functionName,
        url: httpApi.url,
        apiKey: callerKeyOutput(undefined),
    };
};

function storeCredentials(
    name: string,
    resolved: ResolvedAntiCorruptionLayerArgs,
    credentials: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
) {
    // Encrypted at rest with the account's aws/secretsmanager key; a deleted secret stays recoverable for 7 days.
    const secret = new aws.secretsmanager.Secret(
        `${name}-credentials`,
        {
            namePrefix: `${name}-legacy-credentials-`,
            description: `Legacy SOAP credentials of anti-corruption layer ${name}`,
            recoveryWindowInDays: 7,
            tags: resolved.tags,
        },
        opts,
    );
    const version = new aws.secretsmanager.SecretVersion(
        `${name}-credentials-value`,
        { secretId: secret.id, secretString: credentials },
        opts,
    );
    return { secret, version };
}
