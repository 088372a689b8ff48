import * as pulumi from "@pulumi/pulumi";
import { CONFIG_ENV } from "../../handlers/config-env";
import { FunctionArgs } from "./types";
import { ArgsValidator, Range } from "./validate";

/** Log retention when a pattern does not set one. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Log retention the clouds accept (CloudWatch's longest is 3653 days). */
export const LOG_RETENTION_DAYS: Range = [1, 3653];
/** Scale-out ceiling when a pattern does not set one (Azure Flex and Cloud Functions). */
export const DEFAULT_MAX_INSTANCES = 100;

export interface FunctionLimits {
    readonly memoryMb: Range;
    readonly timeoutSeconds: Range;
    readonly maxInstances: Range;
}

/** Validates the neutral function args against one cloud's limits, before any child exists. */
export function validateFunctionArgs(owner: string, args: FunctionArgs, limits: FunctionLimits): void {
    const check = new ArgsValidator(owner);
    check.integer("memoryMb", args.memoryMb, limits.memoryMb);
    check.integer("timeoutSeconds", args.timeoutSeconds, limits.timeoutSeconds);
    if (args.maxInstances !== undefined) check.integer("maxInstances", args.maxInstances, limits.maxInstances);
    if (args.logRetentionDays !== undefined) check.integer("logRetentionDays", args.logRetentionDays, LOG_RETENTION_DAYS);
    if (args.environment && CONFIG_ENV in args.environment)
        check.refuse(`environment must not set ${CONFIG_ENV}; pass handler settings in 'settings'`);
}

/**
 * The settings document as the JSON value of {@link CONFIG_ENV}. A secret in the settings
 * fails the deployment: environment variables are readable by anyone who can read the function's
 * configuration, so secrets travel as references to the cloud's secret store instead.
 */
export function settingsJson(owner: string, settings: FunctionArgs["settings"]): pulumi.Output<string> {
    const value = pulumi.output(settings);
    return pulumi.all([value, pulumi.isSecret(value)]).apply(([resolved, secret]) => {
        if (secret) {
            throw new Error(
                `${owner}: settings contain a secret; ${CONFIG_ENV} is plain configuration, ` +
                    `so pass a reference to the secret store (Secrets Manager ARN, Key Vault URI, Secret Manager name) instead`,
            );
        }
        return JSON.stringify(resolved);
    });
}

/** The function's environment: the settings document plus the pattern's extra variables. */
export function functionEnvironment(owner: string, args: FunctionArgs): Record<string, pulumi.Input<string>> {
    return { [CONFIG_ENV]: settingsJson(owner, args.settings), ...args.environment };
}

/** Options for provider function calls made on behalf of a child: same parent, so the same provider. */
export function invokeOptions(opts: pulumi.CustomResourceOptions | undefined): pulumi.InvokeOutputOptions {
    return { parent: opts?.parent, provider: opts?.provider };
}
