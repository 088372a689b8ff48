/**
 * The part of GoogleSQL the BigQuery read model emits (handlers/stores/read-model/bigquery.ts
 * `bigQuerySearch`, `getMany`), parsed and evaluated in memory with BigQuery's semantics, from
 * the GoogleSQL reference ("Query syntax", "Operators", "CONTAINS_SUBSTR", "Numbering functions"):
 *
 *   query     ::= SELECT * FROM source [WHERE expr] [QUALIFY ROW_NUMBER() OVER (PARTITION BY column
 *                 ORDER BY column [ASC|DESC]) = 1] [ORDER BY column [ASC|DESC], ...] [LIMIT @p [OFFSET @p]]
 *   source    ::= `project.dataset.table` | ( query )
 *   expr      ::= expr OR expr | expr AND expr | NOT expr | ( expr ) | TRUE | FALSE | column
 *               | column (= | != | <> | < | <= | > | >=) @p | CONTAINS_SUBSTR(column, @p)
 *               | @p IN UNNEST(column) | column IN UNNEST(@p)
 *
 * Three-valued logic (a comparison with NULL is NULL, WHERE keeps TRUE only), NULLS FIRST
 * ascending and NULLS LAST descending, CONTAINS_SUBSTR case-insensitive over a value or each item
 * of an array, QUALIFY only with a WHERE (BigQuery's own rule), typed parameters compared only with
 * columns of their type. Anything else is refused with a {@link BigQuerySqlError} naming where,
 * as BigQuery answers `invalidQuery`, so a handler that starts emitting other SQL fails loudly here.
 */

/** A column of a table's schema (legacy and standard type names both). */
export interface SqlColumn {
    readonly name: string;
    readonly type: string;
    readonly mode?: string;
}

/** A stored row: TIMESTAMPs as epoch milliseconds, arrays for REPEATED columns. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** A typed query parameter, as jobs.query takes it. */
export interface QueryParameter {
    readonly name: string;
    readonly parameterType: { readonly type: string; readonly arrayType?: { readonly type: string } };
    readonly parameterValue: { readonly value?: string; readonly arrayValues?: readonly { readonly value: string }[] };
}

export interface SqlTable {
    readonly schema: readonly SqlColumn[];
    readonly rows: readonly SqlRow[];
}

/** BigQuery refused the query: `reason` as its error body names it (`invalidQuery`, `notFound`). */
export class BigQuerySqlError extends Error {
    constructor(
        readonly reason: "invalidQuery" | "notFound",
        message: string,
    ) {
        super(message);
        this.name = "BigQuerySqlError";
    }
}

type Value = string | number | boolean | null | readonly unknown[];
type Kind = "STRING" | "NUMBER" | "BOOL" | "TIMESTAMP";
type Typed = { readonly kind: Kind; readonly array: boolean };
type Expr = (row: SqlRow) => boolean | null;
type Token = {
    readonly text: string;
    readonly upper: string;
    readonly at: number;
    readonly kind: "word" | "quoted" | "param" | "number" | "punct";
};

const KIND: Record<string, Kind> = {
    STRING: "STRING",
    INT64: "NUMBER",
    INTEGER: "NUMBER",
    FLOAT64: "NUMBER",
    FLOAT: "NUMBER",
    NUMERIC: "NUMBER",
    BOOL: "BOOL",
    BOOLEAN: "BOOL",
    TIMESTAMP: "TIMESTAMP",
};

function tokenize(sql: string): Token[] {
    const tokens: Token[] = [];
    const pattern = /\s+|`([^`]*)`|@([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|(<=|>=|<>|!=|[*(),=<>])/y;
    for (let at = 0; at < sql.length;) {
        pattern.lastIndex = at;
        const m = pattern.exec(sql);
        if (!m) throw new BigQuerySqlError("invalidQuery", `Syntax error: Unexpected "${sql[at]}" at [1:${at + 1}]`);
        const text = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
        if (text !== undefined) {
            const kind = m[1] !== undefined ? "quoted" : m[2] ? "param" : m[3] ? "word" : m[4] ? "number" : "punct";
            tokens.push({ text, upper: kind === "word" ? text.toUpperCase() : text, at: at + 1, kind });
        }
        at = pattern.lastIndex;
    }
    return tokens;
}

/** A query's result: its columns and rows. */
export interface SqlResult {
    readonly schema: readonly SqlColumn[];
    readonly rows: readonly SqlRow[];
}

export function runQuery(
    sql: string,
    parameters: readonly QueryParameter[],
    tableOf: (reference: string) => SqlTable | undefined,
): SqlResult {
    const tokens = tokenize(sql);
    let pos = 0;
    const peek = () => tokens[pos];
    const at = () => `at [1:${peek()?.at ?? sql.length + 1}]`;
    const fail = (message: string): never => {
        throw new BigQuerySqlError("invalidQuery", message);
    };
    const unexpected = (): never => fail(`Syntax error: ${peek() ? `Unexpected "${peek().text}"` : "Unexpected end of script"} ${at()}`);
    const accept = (word: string) => (peek()?.upper === word && peek().kind !== "quoted" ? (pos++, true) : false);
    const expect = (word: string) => void (accept(word) || unexpected());

    const parameter = (): { typed: Typed; value: Value } => {
        const token = peek();
        if (token?.kind !== "param") return unexpected();
        const found = parameters.find((p) => p.name === token.text);
        if (!found) return fail(`Query parameter '${token.text}' not found ${at()}`);
        pos++;
        const { type, arrayType } = found.parameterType;
        const scalar = (kind: string, v: string | undefined): Value => {
            if (v === undefined || v === null) return null;
            if (KIND[kind] === "NUMBER") return Number(v);
            if (KIND[kind] === "BOOL") return v === "true";
            if (KIND[kind] === "TIMESTAMP") return Date.parse(v);
            if (KIND[kind] === "STRING") return v;
            return fail(`The stand-in takes STRING, INT64, FLOAT64, BOOL and TIMESTAMP parameters, not ${kind} ('${found.name}')`);
        };
        if (type === "ARRAY") {
            const values = (found.parameterValue.arrayValues ?? []).map((v) => scalar(arrayType?.type ?? "", v.value));
            return { typed: { kind: KIND[arrayType!.type], array: true }, value: values };
        }
        return { typed: { kind: KIND[type], array: false }, value: scalar(type, found.parameterValue.value) };
    };

    const select = (): SqlResult => {
        expect("SELECT");
        if (peek()?.text !== "*") fail(`The stand-in serves SELECT * only ${at()}`);
        pos++;
        expect("FROM");
        let source: SqlResult;
        if (accept("(")) {
            source = select();
            expect(")");
        } else {
            const token = peek();
            if (token?.kind !== "quoted") return unexpected();
            pos++;
            const table = tableOf(token.text);
            if (!table)
                throw new BigQuerySqlError("notFound", `Not found: Table ${token.text.replace(".", ":")} was not found in location US`);
            source = table;
        }
        const columns = new Map(source.schema.map((c) => [c.name, c]));
        const column = (): { name: string; typed: Typed } => {
            const token = peek();
            if (token?.kind !== "quoted" && token?.kind !== "word") return unexpected();
            const found = columns.get(token.text);
            if (!found) return fail(`Unrecognized name: ${token.text} ${at()}`);
            pos++;
            return { name: found.name, typed: { kind: KIND[found.type], array: found.mode === "REPEATED" } };
        };
        const sameKind = (a: Typed, b: Typed, what: string) => {
            if (a.kind !== b.kind) fail(`No matching signature for ${what} for argument types: ${a.kind}, ${b.kind} ${at()}`);
        };

        const primary = (): Expr => {
            if (accept("(")) {
                const inner = or();
                expect(")");
                return inner;
            }
            if (accept("TRUE")) return () => true;
            if (accept("FALSE")) return () => false;
            if (accept("CONTAINS_SUBSTR")) {
                expect("(");
                const { name, typed } = column();
                expect(",");
                const search = parameter();
                expect(")");
                if (typed.kind !== "STRING" || search.typed.kind !== "STRING" || search.typed.array)
                    fail("The stand-in serves CONTAINS_SUBSTR over STRING columns with a STRING parameter only");
                const needle = String(search.value ?? "")
                    .normalize("NFKC")
                    .toLowerCase();
                return (row) => {
                    const value = row[name];
                    if (value === null || value === undefined || search.value === null) return null;
                    return [value].flat().some((v) => typeof v === "string" && v.normalize("NFKC").toLowerCase().includes(needle));
                };
            }
            if (peek()?.kind === "param") {
                const left = parameter();
                expect("IN");
                expect("UNNEST");
                expect("(");
                const { name, typed } = column();
                expect(")");
                if (!typed.array) fail(`Values referenced in UNNEST must be arrays. UNNEST contains expression of type ${typed.kind}`);
                sameKind(left.typed, { ...typed, array: false }, "operator IN UNNEST");
                return (row) => (left.value === null ? null : ((row[name] as unknown[] | undefined) ?? []).includes(left.value));
            }
            const { name, typed } = column();
            if (accept("IN")) {
                expect("UNNEST");
                expect("(");
                const list = parameter();
                expect(")");
                if (!list.typed.array) fail(`Values referenced in UNNEST must be arrays ${at()}`);
                sameKind(typed, { ...list.typed, array: false }, "operator IN UNNEST");
                return (row) => (row[name] === null || row[name] === undefined ? null : (list.value as unknown[]).includes(row[name]));
            }
            const op = peek()?.text;
            if (op !== undefined && ["=", "!=", "<>", "<", "<=", ">", ">="].includes(op)) {
                pos++;
                const right = parameter();
                if (typed.array || right.typed.array) fail(`No matching signature for operator ${op} on arrays ${at()}`);
                sameKind(typed, right.typed, `operator ${op}`);
                return (row) => {
                    const [a, b] = [row[name] ?? null, right.value];
                    if (a === null || b === null) return null;
                    const order = a < b ? -1 : a > b ? 1 : 0;
                    return {
                        "=": order === 0,
                        "!=": order !== 0,
                        "<>": order !== 0,
                        "<": order < 0,
                        "<=": order <= 0,
                        ">": order > 0,
                        ">=": order >= 0,
                    }[op]!;
                };
            }
            if (typed.kind !== "BOOL" || typed.array) fail(`WHERE clause should return type BOOL, but returns ${typed.kind} ${at()}`);
            return (row) => (row[name] as boolean | null | undefined) ?? null;
        };
        const not = (): Expr => {
            if (!accept("NOT")) return primary();
            const inner = not();
            return (row) => {
                const v = inner(row);
                return v === null ? null : !v;
            };
        };
        const and = (): Expr => {
            const parts = [not()];
            while (accept("AND")) parts.push(not());
            return (row) => {
                const values = parts.map((p) => p(row));
                return values.includes(false) ? false : values.includes(null) ? null : true;
            };
        };
        const or = (): Expr => {
            const parts = [and()];
            while (accept("OR")) parts.push(and());
            return (row) => {
                const values = parts.map((p) => p(row));
                return values.includes(true) ? true : values.includes(null) ? null : false;
            };
        };
        const orderings = (): { name: string; descending: boolean }[] => {
            const list = [];
            do {
                const { name, typed } = column();
                if (typed.array) fail(`ORDER BY does not support expressions of type ARRAY ${at()}`);
                list.push({ name, descending: accept("DESC") || (accept("ASC"), false) });
            } while (accept(","));
            return list;
        };
        const sorted = (rows: readonly SqlRow[], by: readonly { name: string; descending: boolean }[]) =>
            [...rows].sort((x, y) => {
                for (const { name, descending } of by) {
                    const [a, b] = [x[name] ?? null, y[name] ?? null];
                    if (a === b) continue;
                    // NULLS FIRST ascending, NULLS LAST descending: BigQuery's defaults.
                    const ascending = a === null ? -1 : b === null ? 1 : (a as number) < (b as number) ? -1 : 1;
                    return descending ? -ascending : ascending;
                }
                return 0;
            });

        let rows = source.rows;
        let filtered = false;
        if (accept("WHERE")) {
            const where = or();
            rows = rows.filter((row) => where(row) === true);
            filtered = true;
        }
        if (peek()?.upper === "QUALIFY") {
            if (!filtered) fail(`QUALIFY clause must be used in conjunction with WHERE or GROUP BY or HAVING clause ${at()}`);
            pos++;
            expect("ROW_NUMBER");
            expect("(");
            expect(")");
            expect("OVER");
            expect("(");
            expect("PARTITION");
            expect("BY");
            const partition = column().name;
            expect("ORDER");
            expect("BY");
            const within = orderings();
            expect(")");
            expect("=");
            if (peek()?.text !== "1") fail(`The stand-in serves QUALIFY ROW_NUMBER() ... = 1 only ${at()}`);
            pos++;
            const first = new Map<unknown, SqlRow>();
            for (const row of sorted(rows, within)) if (!first.has(row[partition])) first.set(row[partition], row);
            rows = [...first.values()];
        }
        if (accept("ORDER")) {
            expect("BY");
            rows = sorted(rows, orderings());
        }
        if (accept("LIMIT")) {
            const limit = parameter();
            const offset = accept("OFFSET") ? parameter() : { typed: { kind: "NUMBER" as const, array: false }, value: 0 };
            for (const p of [limit, offset])
                if (p.typed.kind !== "NUMBER" || !Number.isInteger(p.value) || (p.value as number) < 0)
                    fail("LIMIT and OFFSET expect a non-negative INT64");
            rows = rows.slice(offset.value as number, (offset.value as number) + (limit.value as number));
        }
        return { schema: source.schema, rows };
    };

    const result = select();
    if (pos < tokens.length) unexpected();
    return result;
}
