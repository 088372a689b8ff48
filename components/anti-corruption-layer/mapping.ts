/**
 * The declarative mapping as component args: the public types, and the structural check the
 * component runs before any resource exists. The function compiles the same document at cold
 * start (handlers/anti-corruption-layer/mapping.ts); components/ may not import handlers/, so
 * the converter list here is kept equal to the handler's by a test.
 */

interface RuleBase {
    /**
     * Where the value sits in the legacy record: an element name, a dotted path (`ADDR.CITY`),
     * or `@name` for an attribute. Ignored on a list's `item` (the repeated element itself).
     * @default the domain field's name
     */
    readonly from?: string;
    /** A missing value is an error naming the field (true) or is left out (false). @default true */
    readonly required?: boolean;
}

/** Text; fixed-width padding is trimmed. */
export interface StringRule extends RuleBase {
    readonly type: "string";
    /** @default true */
    readonly trim?: boolean;
}
/** A whole number, as a JSON number. */
export interface IntegerRule extends RuleBase {
    readonly type: "integer";
}
/** Integer cents to an exact decimal string (`12345` -> `"123.45"`), never through a float. */
export interface DecimalFromCentsRule extends RuleBase {
    readonly type: "decimalFromCents";
}
/** A date in a strftime-style `format` (`%Y%m%d`; %Y %m %d %H %M %S) to ISO 8601. */
export interface DateRule extends RuleBase {
    readonly type: "date";
    readonly format: string;
}
/** A legacy code to a domain name; an unlisted code becomes `default`, never an error. */
export interface EnumRule extends RuleBase {
    readonly type: "enum";
    readonly values: Readonly<Record<string, string>>;
    /** @default "UNKNOWN" */
    readonly default?: string;
}
/** A nested element to a nested object. */
export interface ObjectRule extends RuleBase {
    readonly type: "object";
    readonly fields: Readonly<Record<string, FieldRule>>;
}
/** A repeated element (`from`, e.g. `LINES.LINE`) to a JSON array; absent means `[]`. */
export interface ListRule extends RuleBase {
    readonly type: "list";
    readonly item: FieldRule;
}
export type FieldRule = StringRule | IntegerRule | DecimalFromCentsRule | DateRule | EnumRule | ObjectRule | ListRule;

/** How one legacy record maps to one domain object, both ways. */
export interface EntityMapping {
    /** The legacy record's element name, e.g. `OrderRecord`; found anywhere in the operation's answer. */
    readonly element: string;
    /** Domain field -> rule, in the order the legacy schema lists the elements (requests are written in this order). */
    readonly fields: Readonly<Record<string, FieldRule>>;
}

/** The converters a mapping may name (equal to the handler's CONVERTERS). */
export const CONVERTERS = ["string", "integer", "decimalFromCents", "date", "enum", "object", "list"] as const;
/** The converters a request parameter may use. */
export const PARAMETER_CONVERTERS = ["string", "integer", "decimalFromCents", "date", "enum"] as const;
const DATE_DIRECTIVE = /%(.)/g;
const DATE_DIRECTIVES = "YmdHMS";

/** The catalogue's example: legacy `OrderRecord` as the domain's Order. The default mapping. */
export const ORDER_RECORD_MAPPING: EntityMapping = {
    element: "OrderRecord",
    fields: {
        id: { from: "ORD_NUM", type: "string" },
        customerId: { from: "CUST_ID", type: "string" },
        total: { from: "TOT_AMT", type: "decimalFromCents" },
        status: { from: "STAT_CD", type: "enum", values: { A: "ACTIVE", C: "COMPLETED", X: "CANCELLED" }, default: "UNKNOWN" },
        createdAt: { from: "CRT_DT", type: "date", format: "%Y%m%d" },
    },
};

/** Checks one rule; returns the first problem as `<path>: <what is wrong and what is allowed>`. */
export function ruleProblem(rule: FieldRule, at: string, allowed: readonly string[] = CONVERTERS): string | undefined {
    if (typeof rule !== "object" || rule === null) return `${at}: must be an object with a 'type', got ${JSON.stringify(rule)}`;
    if (!allowed.includes(rule.type)) return `${at}.type: unknown converter ${JSON.stringify(rule.type)}; allowed converters are ${allowed.join(", ")}`;
    if (rule.from !== undefined && (typeof rule.from !== "string" || rule.from.split(".").some((s) => s === "" || s === "@"))) {
        return `${at}.from: ${JSON.stringify(rule.from)} must be element names joined by '.', optionally ending in @attribute`;
    }
    switch (rule.type) {
        case "date": {
            if (typeof rule.format !== "string") return `${at}.format: a date needs a format such as "%Y%m%d"`;
            const directives = [...rule.format.matchAll(DATE_DIRECTIVE)].map((m) => m[1]);
            const unknown = directives.find((d) => !DATE_DIRECTIVES.includes(d));
            if (unknown !== undefined) return `${at}.format: '%${unknown}' in '${rule.format}' is not allowed; use %Y %m %d %H %M %S`;
            if (!["Y", "m", "d"].every((d) => directives.includes(d))) return `${at}.format: '${rule.format}' must contain %Y, %m and %d`;
            return undefined;
        }
        case "enum": {
            const entries = Object.entries(rule.values ?? {});
            if (entries.length === 0) return `${at}.values: an enum needs at least one legacy code -> domain name`;
            const bad = entries.find(([, v]) => typeof v !== "string" || v === "");
            return bad ? `${at}.values.${bad[0]}: must be a non-empty string` : undefined;
        }
        case "object":
            return fieldsProblem(rule.fields, `${at}.fields`);
        case "list":
            return rule.item === undefined ? `${at}.item: a list needs an 'item' rule for each repeated element` : ruleProblem(rule.item, `${at}.item`);
        default:
            return undefined;
    }
}

function fieldsProblem(fields: Readonly<Record<string, FieldRule>> | undefined, at: string): string | undefined {
    if (typeof fields !== "object" || fields === null || Object.keys(fields).length === 0) return `${at}: must map at least one domain field to a rule`;
    for (const [name, rule] of Object.entries(fields)) {
        const problem = ruleProblem(rule, `${at}.${name}`);
        if (problem) return problem;
    }
    return undefined;
}

/** The first problem of a mapping, or undefined when the function will accept it. */
export function mappingProblem(mapping: EntityMapping, at = "mapping"): string | undefined {
    if (typeof mapping?.element !== "string" || mapping.element === "") return `${at}.element: must name the legacy record element, e.g. "OrderRecord"`;
    return fieldsProblem(mapping.fields, `${at}.fields`);
}
