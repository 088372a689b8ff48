import * as pulumi from "@pulumi/pulumi";
import { CONFIG_ENV } from "../../handlers/config-env";
import { Cloud } from "../cloud";
import { FunctionArgs } from "./types";
import { ArgsValidator, Range } from "./validate";

/** Log retention when a pattern does not set one. */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** What one cloud accepts as a log retention in days: a fixed list or a range, and why. */
export interface LogRetentionRule {
    readonly values?: readonly number[];
    readonly range?: Range;
    readonly why: string;
}

/**
 * The log retention each cloud takes.
 * - AWS: CloudWatch Logs takes only these values (PutRetentionPolicy `retentionInDays`:
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 * - Azure: a Log Analytics workspace on PerGB2018 keeps 30 to 730 days
 *   (https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure); less is raised to 30.
 * - GCP: functions log to the project's `_Default` bucket, which this package does not own; a log
 *   bucket takes 1 to 3650 days (https://cloud.google.com/logging/docs/buckets#custom-retention).
 */
export const LOG_RETENTION: Readonly<Record<Cloud, LogRetentionRule>> = {
    [Cloud.Aws]: {
        values: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653],
        why: "CloudWatch Logs accepts only these",
    },
    [Cloud.Azure]: { range: [1, 730], why: "a Log Analytics workspace keeps at most 730 days, and at least 30" },
    [Cloud.Gcp]: { range: [1, 3650], why: "a Cloud Logging bucket keeps 1 to 3650 days" },
};

/** Checks a log retention against one cloud's rule; returns it. */
export function checkLogRetentionDays(check: ArgsValidator, field: string, days: number, cloud: Cloud): number {
    const rule = LOG_RETENTION[cloud];
    return rule.values ? check.listed(field, days, rule.values, rule.why) : check.integer(field, days, rule.range!, rule.why);
}
/** Scale-out ceiling when a pattern does not set one (Azure Flex and Cloud Functions). */
export const DEFAULT_MAX_INSTANCES = 100;

export interface FunctionLimits {
    readonly cloud: Cloud;
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
    if (args.logRetentionDays !== undefined) checkLogRetentionDays(check, "logRetentionDays", args.logRetentionDays, limits.cloud);
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
