/**
 * The declarative mapping as component args: the public types, and the structural check the
 * component runs before any resource exists. The function compiles the same document at cold
 * start (handlers/anti-corruption-layer/mapping.ts); both take the document's types from
 * handlers/anti-corruption-layer/mapping-rules.ts, which has no runtime dependencies.
 */
import { CONVERTERS, EntityMapping, FieldRule } from "../../handlers/anti-corruption-layer/mapping-rules";

export type {
    DateRule,
    DecimalFromCentsRule,
    EntityMapping,
    EnumRule,
    FieldRule,
    IntegerRule,
    ListRule,
    ObjectRule,
    StringRule,
} from "../../handlers/anti-corruption-layer/mapping-rules";
export { CONVERTERS };

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
