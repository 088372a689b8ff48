/**
 * AWS: HTTP API -> Lambda, the legacy credentials in Secrets Manager, and an inline policy
 * letting the function's own role read that one secret and nothing else.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { AwsFunction, createAwsFunction, grantAws } from "../platform/function-aws";
import { AwsHttpApi, createAwsHttpApi } from "../platform/http-aws";
import type { AntiCorruptionLayerImplementation, AntiCorruptionLayerOutputs } from "./index";
import type { AntiCorruptionLayerPlan } from "./plan";

export interface AwsAntiCorruptionLayer extends AntiCorruptionLayerOutputs {
    readonly httpApi: AwsHttpApi;
    readonly function: AwsFunction;
    /** The secret holding the legacy credentials, when credentials were given. */
    readonly credentialsSecret?: aws.secretsmanager.Secret;
    readonly credentialsVersion?: aws.secretsmanager.SecretVersion;
    /** `secretsmanager:GetSecretValue` on that secret's ARN only. */
    readonly secretAccess?: aws.iam.RolePolicy;
}

export const createAwsAntiCorruptionLayer: AntiCorruptionLayerImplementation<AwsAntiCorruptionLayer> = (name: string, plan: AntiCorruptionLayerPlan, opts: pulumi.CustomResourceOptions) => {
    const secret = plan.credentials && storeCredentials(name, plan, plan.credentials, opts);
    const fn = createAwsFunction(
        `${name}-translator`,
        { ...plan.function, bundle: plan.bundle(Cloud.Aws), settings: plan.settings(secret && { provider: "aws", secretId: secret.secret.arn }) },
        opts,
    );
    const secretAccess = secret && grantAws(`${name}-secret-access`, fn.role, [{ actions: ["secretsmanager:GetSecretValue"], resources: [secret.secret.arn] }], opts);
    const httpApi = createAwsHttpApi(
        `${name}-front`,
        {
            routes: plan.routes.map((r) => r.key),
            fn: fn.function,
            timeoutMs: plan.frontDoorTimeoutMs,
            throttle: { rateLimit: plan.aws.throttlingRateLimit, burstLimit: plan.aws.throttlingBurstLimit },
            tags: plan.tags,
            logRetentionDays: plan.function.logRetentionDays,
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
    };
};

function storeCredentials(name: string, plan: AntiCorruptionLayerPlan, credentials: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    // Encrypted at rest with the account's aws/secretsmanager key; a deleted secret stays recoverable for 7 days.
    const secret = new aws.secretsmanager.Secret(
        `${name}-credentials`,
        { namePrefix: `${name}-legacy-credentials-`, description: `Legacy SOAP credentials of anti-corruption layer ${name}`, recoveryWindowInDays: 7, tags: plan.tags },
        opts,
    );
    const version = new aws.secretsmanager.SecretVersion(`${name}-credentials-value`, { secretId: secret.id, secretString: credentials }, opts);
    return { secret, version };
}
