/**
 * What each cloud accepts as a physical name, per resource type, with the vendor's source: one
 * table per cloud (name-rules-aws.ts, name-rules-azure.ts, name-rules-gcp.ts). The naming helpers
 * (naming.ts) produce names within these rules; the tests evaluate every component and check every
 * name it registers against them, so a type without a rule, or a name outside its rule, fails.
 * Loads no cloud SDK.
 */

/** The rule for one input that holds a physical name. */
export interface PhysicalNameRule {
    /** The input that holds the name. */
    readonly field: string;
    /** Inclusive length bounds, in characters. */
    readonly length: readonly [min: number, max: number];
    /** The characters allowed and how the name must start and end (the whole name must match). */
    readonly pattern: RegExp;
    /** The rule in words, for the failure message. */
    readonly rule: string;
    /** The vendor's page that states the rule. */
    readonly source: string;
    /**
     * How the provider names the resource when the field is not set: `suffix` appends `-` and 7
     * hex characters to the logical name (the Terraform-bridged providers), `append8` appends 8
     * characters (azure-native), `uuid` makes a GUID. Absent: the field must be set.
     */
    readonly autoName?: "suffix" | "append8" | "uuid";
    /** Characters the provider appends to a prefix given in `field` (a `namePrefix`). */
    readonly prefixOf?: number;
}

/** Per resource type: the rules of its names, or why it has none of its own (an IAM binding, a version). */
export type NameRuleTable = Readonly<Record<string, readonly PhysicalNameRule[] | string>>;

const AUTO_NAME_SUFFIX = { suffix: "-a1b2c3d", append8: "a1b2c3d4" } as const;

/**
 * The physical name a resource gets from its inputs, or undefined when the rule's field is not set
 * and the provider does not name it. Auto-names use a fixed stand-in for the provider's random part.
 */
export function physicalNameOf(logicalName: string, inputs: Record<string, unknown>, rule: PhysicalNameRule): string | undefined {
    const value = inputs[rule.field];
    if (typeof value === "string") return rule.prefixOf ? value + "x".repeat(rule.prefixOf) : value;
    if (rule.autoName === "uuid") return "00000000-0000-4000-8000-000000000000";
    return rule.autoName ? logicalName + AUTO_NAME_SUFFIX[rule.autoName] : undefined;
}

/** Why `name` breaks `rule`, or undefined when it is within it. */
export function nameViolation(name: string | undefined, rule: PhysicalNameRule): string | undefined {
    if (name === undefined) return `${rule.field} is not set and the provider does not name it`;
    const [min, max] = rule.length;
    if (name.length < min || name.length > max)
        return `${rule.field} ${JSON.stringify(name)} is ${name.length} characters, allowed ${min} to ${max}`;
    if (!rule.pattern.test(name)) return `${rule.field} ${JSON.stringify(name)} must be ${rule.rule}`;
    return undefined;
}

/** A GUID, as Azure wants for role assignment names. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
