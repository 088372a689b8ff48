import * as pulumi from "@pulumi/pulumi";
import { FunctionArgs } from "./types";

/**
 * The variable the handlers read their settings from (handlers/config.ts `CONFIG_ENV`; a test
 * keeps the two equal, since components/ may not import handlers/).
 */
export const CONFIG_ENV_NAME = "CLOUD_PATTERNS_CONFIG";

/** Log retention when a pattern does not set one. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Scale-out ceiling when a pattern does not set one (Azure Flex and Cloud Functions). */
export const DEFAULT_MAX_INSTANCES = 100;

/** Inclusive bounds of one numeric setting on one cloud. */
export type Range = readonly [min: number, max: number];

export interface FunctionLimits {
    readonly memoryMb: Range;
    readonly timeoutSeconds: Range;
    readonly maxInstances: Range;
}

function checkRange(owner: string, field: string, value: number | undefined, [min, max]: Range): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${owner}: ${field} must be an integer from ${min} to ${max}, got ${value}`);
    }
}

/** Validates the neutral function args against one cloud's limits, before any child exists. */
export function validateFunctionArgs(owner: string, args: FunctionArgs, limits: FunctionLimits): void {
    checkRange(owner, "memoryMb", args.memoryMb, limits.memoryMb);
    checkRange(owner, "timeoutSeconds", args.timeoutSeconds, limits.timeoutSeconds);
    checkRange(owner, "maxInstances", args.maxInstances, limits.maxInstances);
    checkRange(owner, "logRetentionDays", args.logRetentionDays, [1, 3653]);
    if (args.environment && CONFIG_ENV_NAME in args.environment) {
        throw new Error(`${owner}: environment must not set ${CONFIG_ENV_NAME}; pass handler settings in 'settings'`);
    }
}

/**
 * The settings document as the JSON value of {@link CONFIG_ENV_NAME}. A secret in the settings
 * fails the deployment: environment variables are readable by anyone who can read the function's
 * configuration, so secrets travel as references to the cloud's secret store instead.
 */
export function settingsJson(owner: string, settings: FunctionArgs["settings"]): pulumi.Output<string> {
    const value = pulumi.output(settings);
    return pulumi.all([value, pulumi.isSecret(value)]).apply(([resolved, secret]) => {
        if (secret) {
            throw new Error(
                `${owner}: settings contain a secret; ${CONFIG_ENV_NAME} is plain configuration, ` +
                    `so pass a reference to the secret store (Secrets Manager ARN, Key Vault URI, Secret Manager name) instead`,
            );
        }
        return JSON.stringify(resolved);
    });
}

/** The function's environment: the settings document plus the pattern's extra variables. */
export function functionEnvironment(owner: string, args: FunctionArgs): Record<string, pulumi.Input<string>> {
    return { [CONFIG_ENV_NAME]: settingsJson(owner, args.settings), ...args.environment };
}

/** Options for provider function calls made on behalf of a child: same parent, so the same provider. */
export function invokeOptions(opts: pulumi.CustomResourceOptions | undefined): pulumi.InvokeOutputOptions {
    return { parent: opts?.parent, provider: opts?.provider };
}
