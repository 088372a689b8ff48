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

/**
 * A GUID derived from project/stack/logical name, for ids Azure wants as GUIDs (Cosmos DB SQL role
 * assignments): stable across runs, so an update never replaces the assignment, and distinct per stack.
 */
export function stableGuid(logicalName: string): string {
    const h = createHash("sha256").update([pulumi.getProject(), pulumi.getStack(), logicalName].join("/")).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
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

/**
 * Azure names of letters, digits and hyphens, starting with a letter and ending with a letter or
 * digit: function app and App Service plan (up to 60), API Management and Service Bus (50), Cosmos DB
 * account (44), Log Analytics workspace (63). Rules per type, with sources: name-rules.ts.
 */
export function azureDnsName(logicalName: string, maxLength: number): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength, startsWithLetter: true });
}

/**
 * Azure Cosmos DB account: 3-44 lowercase letters, digits and hyphens, globally unique (a DNS name):
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftdocumentdb
 */
export function azureCosmosAccountName(logicalName: string): string {
    return azureDnsName(logicalName, 44);
}

/**
 * GCP service account id: 6-30 characters, lowercase letters, digits, hyphens, starting with a letter.
 * A shorter `maxLength` leaves room where the id is part of another name (a Cloud SQL IAM user).
 */
export function gcpServiceAccountId(logicalName: string, maxLength = 30): string {
    return physicalName(logicalName, { lowercase: true, separator: "-", maxLength, startsWithLetter: true });
}

/**
 * GCP resource ids: lowercase, digits, hyphens, starting with a letter, at most `maxLength` (63 by
 * default; API Gateway gateways and Cloud Functions, whose Cloud Run service takes the same id, 49).
 */
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
