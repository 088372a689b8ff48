/**
 * The declarative mapping as component args: the public types, the default mapping, and the
 * check the component runs before any resource exists. The check is the function's own compiler
 * (handlers/anti-corruption-layer/mapping.ts, a pure module: see docs/platform.md), so the
 * component refuses exactly what the function would refuse at cold start, with the same words.
 */
import { compileMapping, compileParameterRule } from "../../handlers/anti-corruption-layer/mapping";
import type { EntityMapping, FieldRule } from "../../handlers/anti-corruption-layer/mapping-rules";

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

function problemOf(compile: () => unknown): string | undefined {
    try {
        compile();
        return undefined;
    } catch (err) {
        return (err as Error).message;
    }
}

/** The first problem of a mapping as the function reports it (`mapping.fields.total.type: ...`), or undefined. */
export function mappingProblem(mapping: EntityMapping, at = "mapping"): string | undefined {
    return problemOf(() => compileMapping(mapping, at));
}

/** The problem of a request parameter's conversion rule at `at`, or undefined. */
export function parameterRuleProblem(rule: FieldRule, at: string): string | undefined {
    return problemOf(() => compileParameterRule(rule, at));
}
