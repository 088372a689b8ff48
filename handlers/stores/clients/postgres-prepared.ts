/**
 * Prepared statements for the hot path: PostgreSQL spends more on parsing and planning a short
 * INSERT than on running it. A `pg` pool names the statement (pg prepares it once per
 * connection); embedded PGlite gets it through its wire-protocol entry point, since its
 * `query()` parses every statement anew (PGlite 0.5 `#runQuery`: Parse, Describe, Bind, Describe,
 * Execute, Sync, each its own call into the database).
 */
import type { Queryable } from "./postgres";

/** What of PGlite this uses (`execProtocol` and `runExclusive` are public in PGlite 0.5). */
interface PGliteProtocol {
    execProtocol(message: Uint8Array): Promise<{ messages: readonly { name: string; text?: string }[] }>;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** What of a `pg` Pool or Client this uses: a query given as `{ name, text, values }`. */
interface NamedQueries {
    query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** `pg` prepares a named statement once per connection and afterwards sends only Bind and Execute. */
export function withPreparedStatements<Db extends Queryable & NamedQueries>(db: Db): Db & Required<Pick<Queryable, "prepared">> {
    return Object.assign(db, {
        prepared: async (name: string, text: string, values: unknown[]) => ({
            rowCount: (await db.query({ name, text, values })).rowCount ?? 0,
        }),
    });
}

export type RunPrepared = (text: string, values: unknown[]) => Promise<number>;

/** One name per statement text in the process, so every connection agrees on what a name means. */
const names = new Map<string, string>();
function nameOf(text: string): string {
    let name = names.get(text);
    if (!name) names.set(text, (name = `cp_${names.size + 1}`));
    return name;
}

/** Runs `text` as a prepared statement on `db`, resolving to the number of rows it changed. */
export function preparedStatements(db: Queryable): RunPrepared {
    if (db.prepared) {
        const prepared = db.prepared.bind(db);
        return async (text, values) => (await prepared(nameOf(text), text, values)).rowCount;
    }
    if (isPGlite(db)) return pglitePrepared(db);
    return async (text, values) => {
        const result = (await db.query(text, values)) as { rowCount?: number | null; affectedRows?: number };
        return result.rowCount ?? result.affectedRows ?? 0;
    };
}

function isPGlite(db: object): db is PGliteProtocol {
    const candidate = db as Partial<PGliteProtocol>;
    return typeof candidate.execProtocol === "function" && typeof candidate.runExclusive === "function";
}

/**
 * Parse once per statement, then Bind + Execute + Sync as one call, all parameters as text
 * (the statement's casts give their types). Inside `runExclusive`, so no other query's unnamed
 * statement or portal is between its steps. An error answer throws PGlite's DatabaseError
 * (`code`, `constraint`) as `query()` does.
 */
function pglitePrepared(db: PGliteProtocol): RunPrepared {
    const parsed = new Set<string>();
    return (text, values) =>
        db.runExclusive(async () => {
            const name = nameOf(text);
            // On its own the first time, so a failing Bind or Execute never leaves it unrecorded.
            if (!parsed.has(name)) {
                await db.execProtocol(concat([parseMessage(name, text), SYNC]));
                parsed.add(name);
            }
            const { messages } = await db.execProtocol(concat([bindMessage(name, values.map(toText)), EXECUTE, SYNC]));
            const done = messages.find((m) => m.name === "commandComplete");
            // "INSERT 0 n", "UPDATE n", ...: the count is the last word.
            return Number(done?.text?.split(" ").pop() ?? 0);
        });
}

function toText(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    return value instanceof Date ? value.toISOString() : String(value);
}

// Frontend messages of the PostgreSQL wire protocol, version 3.0
// (https://www.postgresql.org/docs/current/protocol-message-formats.html).
const utf8 = new TextEncoder();

function message(type: string, body: (number | Uint8Array)[]): Uint8Array {
    const parts = body.map((part) => (typeof part === "number" ? int(part, 2) : part));
    const length = 4 + parts.reduce((sum, p) => sum + p.length, 0);
    return concat([Uint8Array.of(type.charCodeAt(0)), int(length, 4), ...parts]);
}

function int(value: number, bytes: 2 | 4): Uint8Array {
    const out = new Uint8Array(bytes);
    const view = new DataView(out.buffer);
    if (bytes === 2) view.setInt16(0, value);
    else view.setInt32(0, value);
    return out;
}

const cString = (s: string) => concat([utf8.encode(s), Uint8Array.of(0)]);

/** Parse: no parameter types given; the statement's casts decide them. */
const parseMessage = (name: string, text: string) => message("P", [cString(name), cString(text), 0]);

/** Bind to the unnamed portal: text parameters (format code count 0), text results. */
function bindMessage(name: string, values: (string | null)[]): Uint8Array {
    const params = values.flatMap((v) => {
        if (v === null) return [int(-1, 4)];
        const bytes = utf8.encode(v);
        return [int(bytes.length, 4), bytes];
    });
    return message("B", [cString(""), cString(name), 0, values.length, ...params, 0]);
}

const EXECUTE = message("E", [cString(""), int(0, 4)]);
const SYNC = message("S", []);

function concat(parts: Uint8Array[]): Uint8Array {
    const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parts) {
        out.set(p, at);
        at += p.length;
    }
    return out;
}
