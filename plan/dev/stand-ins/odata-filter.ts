/**
 * The part of AI Search's OData `$filter` language the AI Search read model emits
 * (handlers/stores/read-model/ai-search.ts `odataFilter`, `getMany`), parsed and evaluated as the
 * service does ("OData language overview", "OData comparison operators", "OData collection
 * operators: any and all", "OData search.in function" in the Azure AI Search reference):
 *
 *   filter     ::= or_expr
 *   or_expr    ::= and_expr ('or' and_expr)*
 *   and_expr   ::= unary ('and' unary)*
 *   unary      ::= 'not' unary | '(' or_expr ')' | comparison | any | search_in
 *   comparison ::= field ('eq'|'ne'|'gt'|'ge'|'lt'|'le') literal
 *   any        ::= field '/any(' var ':' var ('eq') literal ')'
 *   search_in  ::= 'search.in(' field ',' string (',' string)? ')'
 *   literal    ::= string ('' escapes a quote) | number | 'true' | 'false' | 'null' | date-time offset
 *
 * A field must be in the index and filterable; a collection only inside `any`. Anything else is
 * refused, as AI Search refuses what it cannot parse: a {@link ODataFilterError}, answered 400
 * `Invalid expression: ...`, so a handler that starts emitting other syntax fails loudly here.
 */

export type ODataValue = string | number | boolean | null;

/** An index field as the filter sees it (from the index definition). */
export interface FilterField {
    readonly type: string;
    readonly filterable: boolean;
}

export class ODataFilterError extends Error {
    constructor(detail: string) {
        super(`Invalid expression: ${detail}`);
        this.name = "ODataFilterError";
    }
}

/** A parsed filter: whether a document (its stored fields by name) passes. */
export type DocumentPredicate = (doc: Readonly<Record<string, unknown>>) => boolean;

type Token = { kind: "word" | "string" | "number" | "punct"; text: string; at: number };

const COMPARISONS = ["eq", "ne", "gt", "ge", "lt", "le"] as const;
type Comparison = (typeof COMPARISONS)[number];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "'") {
            let value = "";
            let j = i + 1;
            for (;;) {
                if (j >= text.length) throw new ODataFilterError(`unterminated string literal at position ${i}`);
                if (text[j] === "'" && text[j + 1] !== "'") break;
                value += text[j];
                j += text[j] === "'" ? 2 : 1;
            }
            tokens.push({ kind: "string", text: value, at: i });
            i = j + 1;
        } else if ("(),:/".includes(c)) {
            tokens.push({ kind: "punct", text: c, at: i++ });
        } else {
            // A date-time offset is one token: its ':', '+', '-' and '.' are part of it.
            const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?|-?\d+(\.\d+)?([eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_.]*)/.exec(
                text.slice(i),
            );
            if (!match) throw new ODataFilterError(`unexpected '${c}' at position ${i}`);
            const word = match[0];
            // A date-time offset is a bare literal, as keywords and field names are.
            tokens.push({ kind: /^[A-Za-z_]/.test(word) || DATE_TIME.test(word) ? "word" : "number", text: word, at: i });
            i += word.length;
        }
    }
    return tokens;
}

const compare = (a: ODataValue, b: ODataValue): number => (a! < b! ? -1 : a! > b! ? 1 : 0);

function comparison(op: Comparison, actual: unknown, expected: ODataValue): boolean {
    const value = (actual ?? null) as ODataValue;
    // Comparing with null: only eq/ne mean anything; an ordering comparison against null is false.
    if (value === null || expected === null) return op === "eq" ? value === expected : op === "ne" ? value !== expected : false;
    const order = compare(value, expected);
    return { eq: order === 0, ne: order !== 0, gt: order > 0, ge: order >= 0, lt: order < 0, le: order <= 0 }[op];
}

/** Parses `filter` against the index's fields; throws {@link ODataFilterError} for anything outside the subset. */
export function parseODataFilter(filter: string, fields: ReadonlyMap<string, FilterField>): DocumentPredicate {
    const tokens = tokenize(filter);
    let pos = 0;
    const peek = () => tokens[pos];
    const where = () => (peek() ? `'${peek().text}' at position ${peek().at}` : "the end of the expression");
    const expect = (text: string) => {
        if (peek()?.text !== text) throw new ODataFilterError(`expected '${text}', found ${where()}`);
        pos++;
    };
    const field = (collection: boolean): { name: string; type: string } => {
        const token = peek();
        if (token?.kind !== "word") throw new ODataFilterError(`expected a field path, found ${where()}`);
        const declared = fields.get(token.text);
        if (!declared) throw new ODataFilterError(`Could not find a property named '${token.text}' on type 'search.document'.`);
        if (!declared.filterable)
            throw new ODataFilterError(
                `The field '${token.text}' is not a filterable field. Only filterable fields can be used in filter expressions.`,
            );
        if (declared.type.startsWith("Collection(") !== collection)
            throw new ODataFilterError(
                collection
                    ? `'${token.text}' is not a collection; any() applies to collections only`
                    : `'${token.text}' is a collection; compare its items inside any()`,
            );
        pos++;
        return { name: token.text, type: declared.type };
    };
    const literal = (type: string): ODataValue => {
        const token = peek();
        pos++;
        if (token?.kind === "string" && (type === "Edm.String" || type === "Collection(Edm.String)")) return token.text;
        if (token?.kind === "number" && ["Edm.Double", "Edm.Int64", "Edm.Int32"].includes(type)) return Number(token.text);
        if (token?.kind === "word" && token.text === "null") return null;
        if (token?.kind === "word" && (token.text === "true" || token.text === "false") && type === "Edm.Boolean")
            return token.text === "true";
        if (token?.kind === "word" && DATE_TIME.test(token.text) && type === "Edm.DateTimeOffset")
            return new Date(token.text).toISOString();
        pos--;
        throw new ODataFilterError(`a literal of type '${type}' was expected, found ${where()}`);
    };
    const unary = (): DocumentPredicate => {
        const token = peek();
        if (token?.text === "not") {
            pos++;
            const inner = unary();
            return (doc) => !inner(doc);
        }
        if (token?.text === "(") {
            pos++;
            const inner = or();
            expect(")");
            return inner;
        }
        if (token?.text === "search.in") {
            pos++;
            expect("(");
            const { name } = field(false);
            expect(",");
            const list = peek();
            if (list?.kind !== "string") throw new ODataFilterError(`search.in takes its values as a string literal, found ${where()}`);
            pos++;
            let delimiters = " ,";
            if (peek()?.text === ",") {
                pos++;
                const d = peek();
                if (d?.kind !== "string")
                    throw new ODataFilterError(`search.in takes its delimiters as a string literal, found ${where()}`);
                delimiters = d.text;
                pos++;
            }
            expect(")");
            const split = new RegExp(`[${delimiters.replace(/[\\\]^-]/g, "\\$&")}]`);
            const values = new Set(list.text.split(split).filter((v) => v !== ""));
            return (doc) => values.has(String(doc[name]));
        }
        if (tokens[pos + 1]?.text === "/") {
            const { name, type } = field(true);
            expect("/");
            expect("any");
            expect("(");
            const variable = peek()?.text;
            pos++;
            expect(":");
            if (peek()?.text !== variable) throw new ODataFilterError(`expected the range variable '${variable}', found ${where()}`);
            pos++;
            expect("eq");
            const value = literal(type);
            expect(")");
            return (doc) => Array.isArray(doc[name]) && (doc[name] as unknown[]).includes(value);
        }
        const { name, type } = field(false);
        const op = peek()?.text as Comparison;
        if (!COMPARISONS.includes(op))
            throw new ODataFilterError(`expected a comparison operator (eq, ne, gt, ge, lt, le), found ${where()}`);
        pos++;
        const value = literal(type);
        const normalize =
            type === "Edm.DateTimeOffset" ? (v: unknown) => (v == null ? null : new Date(String(v)).toISOString()) : (v: unknown) => v;
        return (doc) => comparison(op, normalize(doc[name]), value);
    };
    const and = (): DocumentPredicate => {
        const parts = [unary()];
        while (peek()?.text === "and") {
            pos++;
            parts.push(unary());
        }
        return (doc) => parts.every((p) => p(doc));
    };
    const or = (): DocumentPredicate => {
        const parts = [and()];
        while (peek()?.text === "or") {
            pos++;
            parts.push(and());
        }
        return (doc) => parts.some((p) => p(doc));
    };
    const predicate = or();
    if (pos < tokens.length) throw new ODataFilterError(`unexpected ${where()}`);
    return predicate;
}
