import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * Physical names for resources whose names are global or tightly limited, where Pulumi's
 * auto-naming does not fit (hyphens in storage accounts, required ids). A name is a readable,
 * sanitized prefix of the logical name plus a short hash of project/stack/logical name:
 * stable across runs (no spurious replacements) and distinct per stack.
 */
export function nameHash(logicalName: string, length = 8): string {
    const scope = [pulumi.getProject(), pulumi.getStack(), logicalName].join("/");
    return createHash("sha256").update(scope).digest("hex").slice(0, length);
}

interface NameRule {
    /** Lowercase letters and digits only (else mixed case); anything else becomes `separator`. */
    readonly lowercase: boolean;
    /** Joins the words of the logical name and the hash; "" where hyphens are not allowed. */
    readonly separator: "-" | "";
    readonly maxLength: number;
    /** The name must start with a letter (a `x` is prepended otherwise). */
    readonly startsWithLetter: boolean;
}

function physicalName(logicalName: string, rule: NameRule): string {
    const hash = nameHash(logicalName);
    const text = rule.lowercase ? logicalName.toLowerCase() : logicalName;
    const allowed = rule.lowercase ? /[^a-z0-9]+/g : /[^A-Za-z0-9]+/g;
    let prefix = text.replace(allowed, rule.separator).replace(/^-+|-+$/g, "");
    if (rule.startsWithLetter && !/^[a-zA-Z]/.test(prefix)) prefix = `x${prefix}`;
    const room = rule.maxLength - hash.length - rule.separator.length;
    prefix = prefix.slice(0, room).replace(/-+$/, "");
    return `${prefix}${rule.separator}${hash}`;
}

/** Azure storage account: 3-24 lowercase letters and digits, globally unique. */
export function azureStorageAccountName(logicalName: string): string {
    return physicalName(logicalName, { lowercase: true, separator: "", maxLength: 24, startsWithLetter: true });
}

/** Azure function app (2-60) or API Management service (1-50): letters, digits, hyphens, globally unique DNS label. */
export function azureDnsName(logicalName: string, maxLength: 50 | 60): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength, startsWithLetter: true });
}

/** GCP service account id: 6-30 characters, lowercase letters, digits, hyphens, starting with a letter. */
export function gcpServiceAccountId(logicalName: string): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength: 30, startsWithLetter: true });
}

/** GCP resource ids (Cloud Function, API Gateway api/gateway): lowercase, digits, hyphens, <= 63, starts with a letter. */
export function gcpResourceId(logicalName: string, maxLength = 63): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength, startsWithLetter: true });
}

/** GCS bucket: 3-63 lowercase letters, digits, hyphens, globally unique. */
export function gcsBucketName(logicalName: string): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength: 63, startsWithLetter: true });
}

/** AWS names (Lambda function, IAM role): letters, digits, hyphens, <= 64. */
export function awsName(logicalName: string, maxLength = 64): string {
    return physicalName(logicalName, { lowercase: false, separator: "-", maxLength, startsWithLetter: true });
}

/**
 * The function's name inside its package (Azure `app.http(name)`, package.json name): the logical
 * name with anything but letters, digits, `-` and `_` replaced, starting with a letter, <= 63.
 */
export function packagedFunctionName(logicalName: string): string {
    const clean = logicalName.replace(/[^A-Za-z0-9_-]/g, "-");
    return (/^[A-Za-z]/.test(clean) ? clean : `f${clean}`).slice(0, 63);
}

/** Azure container app: 2-32 lowercase letters, digits and hyphens, starting with a letter (learn.microsoft.com, resource-name-rules, Microsoft.App/containerApps). */
export function azureContainerAppName(logicalName: string): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength: 32, startsWithLetter: true });
}
