/**
 * The declarative mapping between a legacy record (parsed XML) and a domain object (JSON).
 * Compiled once at cold start into a tree of converters that work in both directions:
 * legacy -> domain for answers, domain -> legacy for request bodies and parameters.
 */
import { centsToDecimal, decimalToCents } from "./money";
import { compileDateFormat, isoToLegacyDate, legacyDateToIso } from "./dates";
import { CONVERTERS, DateRule, EntityMapping, EnumRule, FieldRule, StringRule } from "./mapping-rules";

/** A parsed XML node: text, or element name -> child (an array when the element repeats). */
export type LegacyNode = string | { [name: string]: LegacyNode | LegacyNode[] };

/** Which way a translation failed: the legacy answer broke its contract, or the client's request did. */
export type Direction = "toDomain" | "toLegacy";

/** A value that cannot be translated; names the domain field, the legacy path and the value. */
export class TranslationError extends Error {
    constructor(
        readonly direction: Direction,
        readonly field: string,
        readonly legacyPath: string,
        readonly value: unknown,
        reason: string,
    ) {
        super(`field '${field}' (legacy ${legacyPath}) ${reason}, got ${JSON.stringify(value) ?? "nothing"}`);
        this.name = "TranslationError";
    }
}

/** Where a converter runs: the domain field path and the legacy path, for error messages. */
interface At {
    readonly field: string;
    readonly legacy: string;
}

interface Converter {
    toDomain(node: LegacyNode | LegacyNode[], at: At): unknown;
    toLegacy(value: unknown, at: At): LegacyNode | LegacyNode[];
}

interface CompiledField {
    readonly name: string;
    readonly path: readonly string[];
    readonly required: boolean;
    readonly list: boolean;
    readonly converter: Converter;
}

/** A compiled object mapping: translates whole records both ways. */
export interface ObjectTranslator {
    toDomain(node: LegacyNode, at?: At): Record<string, unknown>;
    toLegacy(value: unknown, at?: At): Record<string, LegacyNode | LegacyNode[]>;
}

export interface CompiledMapping extends ObjectTranslator {
    readonly element: string;
}

const ROOT: At = { field: "", legacy: "" };

function fail(direction: Direction, at: At, value: unknown, reason: string): never {
    throw new TranslationError(direction, at.field || "(record)", at.legacy || "(record)", value, reason);
}

/** The text of a scalar element: `<X>t</X>`, `<X a="1">t</X>`; undefined for `xsi:nil`. */
function textOf(node: LegacyNode | LegacyNode[], at: At): string | undefined {
    if (typeof node === "string") return node;
    if (Array.isArray(node)) return fail("toDomain", at, node, `must appear once, it repeats ${node.length} times`);
    if (node["@_nil"] === "true") return undefined;
    const text = node["#text"];
    if (text === undefined)
        return Object.keys(node).some((k) => !k.startsWith("@_")) ? fail("toDomain", at, node, "must be text, it has child elements") : "";
    return typeof text === "string" ? text : fail("toDomain", at, text, "must be text");
}

function scalar(toDomain: (text: string, at: At) => unknown, toLegacy: (value: unknown, at: At) => string): Converter {
    return {
        toDomain(node, at) {
            const text = textOf(node, at);
            return text === undefined ? undefined : toDomain(text, at);
        },
        toLegacy,
    };
}

function stringConverter(rule: StringRule): Converter {
    const trim = rule.trim ?? true;
    return scalar(
        (text) => (trim ? text.trim() : text),
        (value, at) => (typeof value === "string" ? value : fail("toLegacy", at, value, "must be a string")),
    );
}

const INTEGER = /^[+-]?\d+$/;

function integerConverter(): Converter {
    const toNumber = (direction: Direction, text: string, at: At) => {
        const n = INTEGER.test(text.trim()) ? Number(text) : NaN;
        return Number.isSafeInteger(n) ? n : fail(direction, at, text, "must be a whole number within ±9007199254740991");
    };
    return scalar(
        (text, at) => toNumber("toDomain", text, at),
        (value, at) => {
            if (typeof value === "number")
                return Number.isSafeInteger(value) ? String(value) : fail("toLegacy", at, value, "must be a whole number");
            return typeof value === "string"
                ? String(toNumber("toLegacy", value, at))
                : fail("toLegacy", at, value, "must be a whole number");
        },
    );
}

function decimalFromCentsConverter(): Converter {
    return scalar(
        (text, at) => centsToDecimal(text) ?? fail("toDomain", at, text, "must be a whole number of cents"),
        (value, at) =>
            (typeof value === "string" || typeof value === "number" ? decimalToCents(value) : undefined) ??
            fail("toLegacy", at, value, 'must be a decimal amount with at most two decimal places, e.g. "123.45"'),
    );
}

function dateConverter(rule: DateRule): Converter {
    const format = compileDateFormat(rule.format);
    return scalar(
        (text, at) => legacyDateToIso(text, format) ?? fail("toDomain", at, text, `must be a date in the format ${rule.format}`),
        (value, at) =>
            (typeof value === "string" ? isoToLegacyDate(value, format) : undefined) ??
            fail("toLegacy", at, value, `must be an ISO date (YYYY-MM-DD${format.hasTime ? "THH:MM:SS" : ""})`),
    );
}

function enumConverter(rule: EnumRule, at: string): Converter {
    const values = new Map(Object.entries(rule.values));
    const fallback = rule.default ?? "UNKNOWN";
    if (values.size === 0) throw new Error(`${at}: an enum needs at least one entry in 'values'`);
    for (const [code, name] of values) {
        if (typeof name !== "string" || name === "")
            throw new Error(`${at}.values.${code}: must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    // The first code listed for a name is the one written back (legacy systems often have synonyms).
    const codes = new Map<string, string>();
    for (const [code, name] of values) if (!codes.has(name)) codes.set(name, code);
    const allowed = [...codes.keys()].join(", ");
    return scalar(
        (text) => values.get(text.trim()) ?? fallback,
        (value, at) =>
            (typeof value === "string" ? codes.get(value) : undefined) ?? fail("toLegacy", at, value, `must be one of ${allowed}`),
    );
}

function objectConverter(fields: readonly CompiledField[]): Converter & ObjectTranslator {
    const names = new Set(fields.map((f) => f.name));
    const translator = {
        toDomain(node: LegacyNode | LegacyNode[], at: At = ROOT): Record<string, unknown> {
            if (Array.isArray(node)) return fail("toDomain", at, node, `must appear once, it repeats ${node.length} times`);
            const out: Record<string, unknown> = {};
            for (const f of fields) {
                const fieldAt = {
                    field: at.field ? `${at.field}.${f.name}` : f.name,
                    legacy: at.legacy ? `${at.legacy}.${f.path.join(".")}` : f.path.join("."),
                };
                const child = typeof node === "string" ? undefined : read(node, f.path, fieldAt, f.list);
                const value = child === undefined ? undefined : f.converter.toDomain(child, fieldAt);
                if (value !== undefined) out[f.name] = value;
                else if (f.list) out[f.name] = [];
                else if (f.required) fail("toDomain", fieldAt, undefined, "is required but missing");
            }
            return out;
        },
        toLegacy(value: unknown, at: At = ROOT): Record<string, LegacyNode | LegacyNode[]> {
            if (typeof value !== "object" || value === null || Array.isArray(value))
                return fail("toLegacy", at, value, "must be a JSON object");
            const record = value as Record<string, unknown>;
            const unknown = Object.keys(record).filter((k) => !names.has(k));
            if (unknown.length) fail("toLegacy", at, unknown, `has unknown fields; allowed fields are ${[...names].join(", ")}`);
            const out: Record<string, LegacyNode | LegacyNode[]> = {};
            for (const f of fields) {
                const fieldAt = {
                    field: at.field ? `${at.field}.${f.name}` : f.name,
                    legacy: at.legacy ? `${at.legacy}.${f.path.join(".")}` : f.path.join("."),
                };
                const v = record[f.name];
                if (v === undefined || v === null) {
                    if (f.required && !f.list) fail("toLegacy", fieldAt, v, "is required but missing");
                    continue;
                }
                write(out, f.path, f.converter.toLegacy(v, fieldAt));
            }
            return out;
        },
    };
    return translator;
}

function listConverter(item: Converter): Converter {
    return {
        toDomain(node, at) {
            const items = Array.isArray(node) ? node : [node];
            return items.map((n, i) => item.toDomain(n, { field: `${at.field}[${i}]`, legacy: `${at.legacy}[${i}]` }));
        },
        toLegacy(value, at) {
            if (!Array.isArray(value)) return fail("toLegacy", at, value, "must be a JSON array");
            return value.map((v, i) => item.toLegacy(v, { field: `${at.field}[${i}]`, legacy: `${at.legacy}[${i}]` }) as LegacyNode);
        },
    };
}

/** Follows `path` from `node`; `@x` reads attribute x. A repeat on the way is an error, except the last step of a list. */
function read(
    node: { [name: string]: LegacyNode | LegacyNode[] },
    path: readonly string[],
    at: At,
    list: boolean,
): LegacyNode | LegacyNode[] | undefined {
    let current: LegacyNode | LegacyNode[] = node;
    for (let i = 0; i < path.length; i++) {
        if (typeof current === "string") return undefined;
        if (Array.isArray(current))
            return fail("toDomain", at, current, `must appear once, '${path[i - 1]}' repeats ${current.length} times`);
        const step: string = path[i];
        const next: LegacyNode | LegacyNode[] | undefined = current[step.startsWith("@") ? `@_${step.slice(1)}` : step];
        if (next === undefined) return undefined;
        current = next;
    }
    if (!list && typeof current === "object" && !Array.isArray(current) && current["@_nil"] === "true") return undefined;
    return current;
}

/** Sets `value` at `path`; text and attributes of one element share it (`{"#text", "@_x"}`). */
function write(target: Record<string, LegacyNode | LegacyNode[]>, path: readonly string[], value: LegacyNode | LegacyNode[]): void {
    let node = target;
    for (const step of path.slice(0, -1)) {
        const existing = node[step];
        if (typeof existing === "string") node[step] = { "#text": existing };
        else if (typeof existing !== "object" || Array.isArray(existing)) node[step] = {};
        node = node[step] as Record<string, LegacyNode | LegacyNode[]>;
    }
    const last = path[path.length - 1];
    const key = last.startsWith("@") ? `@_${last.slice(1)}` : last;
    const existing = node[key];
    if (typeof value === "string" && typeof existing === "object" && !Array.isArray(existing)) existing["#text"] = value;
    else node[key] = value;
}

function compileRule(rule: FieldRule, at: string): Converter {
    if (typeof rule !== "object" || rule === null) throw new Error(`${at}: must be an object with a 'type', got ${JSON.stringify(rule)}`);
    switch (rule.type) {
        case "string":
            return stringConverter(rule);
        case "integer":
            return integerConverter();
        case "decimalFromCents":
            return decimalFromCentsConverter();
        case "date":
            if (typeof rule.format !== "string")
                throw new Error(`${at}.format: a date needs a format such as "%Y%m%d", got ${JSON.stringify(rule.format)}`);
            try {
                return dateConverter(rule);
            } catch (err) {
                throw new Error(`${at}.format: ${(err as Error).message}`, { cause: err });
            }
        case "enum":
            if (typeof rule.values !== "object" || rule.values === null)
                throw new Error(`${at}.values: an enum needs a map of legacy code -> domain name`);
            return enumConverter(rule, at);
        case "object":
            return objectConverter(compileFields(rule.fields, `${at}.fields`));
        case "list":
            if (rule.item === undefined) throw new Error(`${at}.item: a list needs an 'item' rule for each repeated element`);
            return listConverter(compileRule(rule.item, `${at}.item`));
        default:
            throw new Error(
                `${at}.type: unknown converter ${JSON.stringify((rule as { type: unknown }).type)}; allowed converters are ${CONVERTERS.join(", ")}`,
            );
    }
}

function compileFields(fields: Readonly<Record<string, FieldRule>> | undefined, at: string): CompiledField[] {
    if (typeof fields !== "object" || fields === null || Object.keys(fields).length === 0) {
        throw new Error(`${at}: must map at least one domain field to a rule, got ${JSON.stringify(fields)}`);
    }
    return Object.entries(fields).map(([name, rule]) => {
        const from = rule?.from ?? name;
        const path = from.split(".");
        if (path.some((s) => s === "" || s === "@"))
            throw new Error(`${at}.${name}.from: '${from}' must be element names joined by '.', optionally ending in @attribute`);
        return { name, path, required: rule?.required ?? true, list: rule?.type === "list", converter: compileRule(rule, `${at}.${name}`) };
    });
}

/**
 * Checks and compiles a mapping; throws naming the bad rule (`mapping.fields.status.type: unknown
 * converter "emum"; allowed converters are ...`). `at` prefixes the names in messages.
 */
export function compileMapping(mapping: EntityMapping, at = "mapping"): CompiledMapping {
    if (typeof mapping?.element !== "string" || mapping.element === "") {
        throw new Error(`${at}.element: must name the legacy record element (e.g. "OrderRecord"), got ${JSON.stringify(mapping?.element)}`);
    }
    return { element: mapping.element, ...objectConverter(compileFields(mapping.fields, `${at}.fields`)) };
}

/** Compiles one scalar rule for a request parameter: request text -> legacy text. */
export function compileParameterRule(rule: FieldRule, at: string): (value: string, field: string) => LegacyNode | LegacyNode[] {
    if (rule.type === "object" || rule.type === "list")
        throw new Error(`${at}.type: a parameter is one value; use string, integer, decimalFromCents, date or enum, got "${rule.type}"`);
    const converter = compileRule(rule, at);
    return (value, field) => converter.toLegacy(value, { field, legacy: field });
}
