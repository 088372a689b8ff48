import * as pulumi from "@pulumi/pulumi";

/** Tag every child carries so a platform team can find what this package made. */
export const MANAGED_BY_TAG = "managed-by";
export const MANAGED_BY_VALUE = "cloud-patterns";
export const PATTERN_TAG = "pattern";

/**
 * The tags for a pattern's children: `managed-by` and `pattern`, then the user's tags
 * (a user tag of the same key wins, so a team can relabel without forking).
 */
export function patternTags(
    pattern: string,
    userTags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined,
): pulumi.Output<Record<string, string>> {
    return pulumi.output(userTags ?? {}).apply((user): Record<string, string> => ({
        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
        [PATTERN_TAG]: pattern,
        ...user,
    }));
}

const GCP_LABEL_MAX = 63;

/**
 * One GCP label key or value: lowercase letters, digits, `_` and `-`, at most 63 characters
 * (keys must also start with a letter). Other characters become `_`.
 */
export function gcpLabelPart(text: string, kind: "key" | "value"): string {
    let clean = text.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
    if (kind === "key" && !/^[a-z]/.test(clean)) clean = `k${clean}`;
    return clean.slice(0, GCP_LABEL_MAX);
}

/** Tags as GCP labels; throws naming both keys if two tags collapse into one label. */
export function gcpLabels(tags: pulumi.Input<Record<string, pulumi.Input<string>>>): pulumi.Output<Record<string, string>> {
    return pulumi.output(tags).apply((resolved) => {
        const labels: Record<string, string> = {};
        const sourceOf: Record<string, string> = {};
        for (const [key, value] of Object.entries(resolved)) {
            const label = gcpLabelPart(key, "key");
            if (sourceOf[label] !== undefined) {
                throw new Error(`tags '${sourceOf[label]}' and '${key}' both become GCP label '${label}'; rename one of them`);
            }
            sourceOf[label] = key;
            labels[label] = gcpLabelPart(value, "value");
        }
        return labels;
    });
}
