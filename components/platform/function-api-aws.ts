/**
 * One Lambda function behind its own HTTP API, as the patterns whose single function serves every
 * route make it: the function's scoped policy, then the API in front of it, its integration timeout
 * a second longer than the function's own so the function's error, not the API's, reaches the caller.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FrontDoorAuth } from "./front-door-auth";
import { AwsFunction, AwsStatement, grantAws } from "./function-aws";
import { AwsHttpApi, createAwsHttpApi } from "./http-aws";
import { RouteKey } from "./types";

export interface AwsFunctionApiArgs {
    /** What the function may do: scoped to what the pattern made (see {@link grantAws}). */
    readonly statements: readonly AwsStatement[];
    readonly routes: readonly RouteKey[];
    /** The function's own timeout. */
    readonly functionTimeoutSeconds: number;
}

/** The front door's settings as a pattern's resolved args carry them. */
export interface AwsFrontSettings {
    /** Stage-wide throttling: requests per second, and the burst above it. */
    readonly aws: { readonly throttlingRateLimit: number; readonly throttlingBurstLimit: number };
    readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly auth: FrontDoorAuth;
    /** Access log retention. @default 30 */
    readonly logRetentionDays?: number;
}

export interface AwsFunctionApi {
    /** Named `<name>-<role>`. */
    readonly policy: aws.iam.RolePolicy;
    /** Named `<name>-api`. */
    readonly api: AwsHttpApi;
}

/** `role` names the function's part in the pattern (`router`, `command`), as its policy's name. */
export function createAwsFunctionApi(
    name: string,
    role: string,
    fn: AwsFunction,
    args: AwsFunctionApiArgs,
    front: AwsFrontSettings,
    opts: pulumi.CustomResourceOptions,
): AwsFunctionApi {
    const policy = grantAws(`${name}-${role}`, fn.role, args.statements, opts);
    const api = createAwsHttpApi(
        `${name}-api`,
        {
            routes: args.routes,
            fn: fn.function,
            timeoutMs: (args.functionTimeoutSeconds + 1) * 1000,
            throttle: { rateLimit: front.aws.throttlingRateLimit, burstLimit: front.aws.throttlingBurstLimit },
            tags: front.tags,
            logRetentionDays: front.logRetentionDays,
            auth: front.auth,
        },
        opts,
    );
    return { policy, api };
}
