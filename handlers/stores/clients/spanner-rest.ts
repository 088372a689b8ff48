/**
 * Spanner's data plane over its REST API (v1: `sessions`, `:executeSql`, `:commit`, `:rollback`)
 * with the function's own identity. Not @google-cloud/spanner: its google-gax finds its protos with
 * `require.resolve("google-gax")` when it loads, which no bundle can answer, and it bundles to ~6 MiB.
 * The emulator's gateway (gateway_main, HTTP port 9020 by default) serves the same REST API.
 */
import { GoogleApiError, googleRestCall, type GoogleRestOptions, retryOnStatus } from "./google-rest";

/** A Spanner type as REST writes it (`google.spanner.v1.Type`). */
export interface SpannerType {
    readonly code: string;
    readonly arrayElementType?: SpannerType;
    readonly structType?: { readonly fields: readonly SpannerField[] };
}

export interface SpannerField {
    readonly name: string;
    readonly type: SpannerType;
}

/**
 * A SQL statement with its parameters in REST's JSON encoding (INT64 and TIMESTAMP as strings);
 * a parameter without an entry in `paramTypes` is a STRING.
 */
export interface SqlStatement {
    readonly sql: string;
    readonly params?: Readonly<Record<string, string | boolean | null>>;
    readonly paramTypes?: Readonly<Record<string, SpannerType>>;
}

/** A row as an object by column name; STRUCT values become objects too; INT64 stays a string, as REST sends it. */
export type SpannerRow = Record<string, unknown>;

/** A mutation as `:commit` takes it: an upsert of rows, or a delete of rows by primary key (each key its columns' values in order). */
export type SpannerMutation =
    | { readonly insertOrUpdate: { readonly table: string; readonly columns: readonly string[]; readonly values: readonly unknown[][] } }
    | { readonly delete: { readonly table: string; readonly keySet: { readonly keys: readonly unknown[][] } } };

export interface SpannerTransaction {
    query(statement: SqlStatement): Promise<SpannerRow[]>;
    /** Buffers a mutation; the transaction commits them when the work returns. */
    write(mutation: SpannerMutation): void;
}

export interface SpannerDatabase {
    /** A single-use strong read. */
    query(statement: SqlStatement): Promise<SpannerRow[]>;
    /**
     * Runs `work` in a read-write transaction and commits what it wrote (or rolls back when it
     * wrote nothing); an aborted transaction (a racing writer) runs `work` again.
     */
    readWrite<T>(work: (tx: SpannerTransaction) => Promise<T>): Promise<T>;
}

/** Spanner refused a call: the HTTP status, the status name (`ABORTED`, `NOT_FOUND`, ...) and Spanner's message. */
export class SpannerRestError extends GoogleApiError {
    constructor(httpStatus: number, status: string, detail: string) {
        super("Spanner", httpStatus, status, detail);
        this.name = "SpannerRestError";
    }

    /** The session expired or was deleted (Spanner drops sessions idle for an hour): take a new one. */
    get sessionGone(): boolean {
        return this.status === "NOT_FOUND" && /session not found/i.test(this.detail);
    }
}

interface ResultSet {
    readonly metadata?: { readonly rowType?: { readonly fields: readonly SpannerField[] }; readonly transaction?: { readonly id: string } };
    readonly rows?: readonly (readonly unknown[])[];
}

/** REST sends a row, and a STRUCT, as an array in `rowType` order. */
function decodeValue(type: SpannerType, value: unknown): unknown {
    if (value === null) return null;
    if (type.code === "STRUCT" && type.structType) return decodeStruct(type.structType.fields, value as readonly unknown[]);
    if (type.code === "ARRAY" && type.arrayElementType) return (value as unknown[]).map((v) => decodeValue(type.arrayElementType!, v));
    return value;
}

/** A row, or a STRUCT value, as REST sends it (an array in `fields` order) as an object by field name. */
export function decodeStruct(fields: readonly SpannerField[], values: readonly unknown[]): SpannerRow {
    return Object.fromEntries(fields.map((field, i) => [field.name, decodeValue(field.type, values[i])]));
}

/** `endpoint` defaults to https://spanner.googleapis.com. */
export interface SpannerRestOptions extends GoogleRestOptions {
    /** How many times an aborted transaction runs again. @default 10 */
    readonly maxAttempts?: number;
}

/**
 * The options for the functions: the Spanner emulator's REST gateway when
 * `SPANNER_EMULATOR_REST_ENDPOINT` names one (set only by `cloud-patterns dev`, where no Google
 * identity exists; the emulator takes no token), else Spanner with the function's service account.
 */
export function spannerEmulatorOptions(): SpannerRestOptions {
    const emulator = process.env.SPANNER_EMULATOR_REST_ENDPOINT;
    return emulator ? { endpoint: emulator, token: null } : {};
}

/** A database by its full name, `projects/P/instances/I/databases/D`. */
export function spannerRestDatabase(databaseName: string, options: SpannerRestOptions = {}): SpannerDatabase {
    const call = googleRestCall("Spanner", "https://spanner.googleapis.com", options, (...args) => new SpannerRestError(...args));

    // A session runs one transaction at a time: idle ones are reused, and concurrent work takes a new one.
    const idle: string[] = [];
    async function withSession<T>(work: (session: string) => Promise<T>): Promise<T> {
        const session = idle.pop() ?? (await call<{ name: string }>(`${databaseName}/sessions`, {})).name;
        try {
            const result = await work(session);
            idle.push(session);
            return result;
        } catch (err) {
            if (!(err instanceof SpannerRestError && err.sessionGone)) idle.push(session);
            throw err;
        }
    }

    const again = retryOnStatus(
        { statuses: ["ABORTED"], retries: options.maxAttempts ?? 10, initialDelay: 20, exponent: 2, maxDelay: 1000 },
        (err) => err.status === "ABORTED" || (err instanceof SpannerRestError && err.sessionGone),
    );

    async function executeSql(session: string, statement: SqlStatement, transaction: unknown): Promise<ResultSet> {
        const paramTypes = Object.fromEntries(Object.keys(statement.params ?? {}).map((name) => [name, { code: "STRING" }]));
        return call<ResultSet>(`${session}:executeSql`, {
            sql: statement.sql,
            ...(statement.params && { params: statement.params, paramTypes: { ...paramTypes, ...statement.paramTypes } }),
            transaction,
        });
    }

    const rowsOf = (result: ResultSet): SpannerRow[] =>
        (result.rows ?? []).map((row) => decodeStruct(result.metadata?.rowType?.fields ?? [], row));

    return {
        query: (statement) =>
            again.execute(() =>
                withSession(async (session) => rowsOf(await executeSql(session, statement, { singleUse: { readOnly: { strong: true } } }))),
            ),
        readWrite: <T>(work: (tx: SpannerTransaction) => Promise<T>) =>
            again.execute(() =>
                withSession(async (session) => {
                    let transactionId: string | undefined;
                    const mutations: SpannerMutation[] = [];
                    const tx: SpannerTransaction = {
                        async query(statement) {
                            // The first read begins the transaction inline, saving a round trip.
                            const result = await executeSql(
                                session,
                                statement,
                                transactionId ? { id: transactionId } : { begin: { readWrite: {} } },
                            );
                            transactionId ??= result.metadata?.transaction?.id;
                            return rowsOf(result);
                        },
                        write: (mutation) => void mutations.push(mutation),
                    };
                    let result: T;
                    try {
                        result = await work(tx);
                    } catch (err) {
                        // Release the locks now rather than when Spanner times the transaction out.
                        if (transactionId) await call(`${session}:rollback`, { transactionId }).catch(() => undefined);
                        throw err;
                    }
                    if (mutations.length > 0) {
                        await call(`${session}:commit`, {
                            mutations,
                            ...(transactionId ? { transactionId } : { singleUseTransaction: { readWrite: {} } }),
                        });
                    } else if (transactionId) {
                        await call(`${session}:rollback`, { transactionId });
                    }
                    return result;
                }),
            ),
    };
}
