/**
 * Firestore's data plane over its REST API (v1: `documents:batchGet`, `:commit`, `:runQuery`,
 * `:rollback`) with the function's own identity. Not @google-cloud/firestore: with google-gax,
 * gRPC and protobufjs it made the command function a 3.5 MiB package. The emulator serves the
 * same REST API on its port (`FIRESTORE_EMULATOR_HOST`), without tokens.
 *
 * Retries follow the SDK's: each call up to 5 attempts on the statuses its service config lists
 * for the method, a transaction run again up to 5 times on the statuses its transaction runner
 * retries, backing off from 1 s by 1.5 × up to 60 s.
 */
import { metadataServerProjectId } from "../../gcp-metadata-token";
import { type DocumentData, type FieldValue, fromRestFields, type RestFields, toRestFields, toRestValue } from "./firestore-values";
import { googleRestCall, type GoogleRestOptions, retryOnStatus, type StatusRetry } from "./google-rest";

/** A write of one document, by its path under the database's documents (`streams/a/events/0000000001`). */
export type FirestoreWrite =
    | {
          /** Replaces the document's fields (creating it when missing). */
          readonly set: string;
          readonly data: DocumentData;
          /** `false`: only if no such document exists, else the commit fails with ALREADY_EXISTS. */
          readonly exists?: false;
      }
    | { readonly delete: string };

/** A comparison of one field, in the query's `where`. */
export interface FieldFilter {
    readonly field: string;
    readonly op: "<" | "<=" | "==" | ">=" | ">";
    readonly value: FieldValue;
}

export interface FirestoreQuery {
    /** Every filter must hold. */
    readonly where?: readonly FieldFilter[];
    readonly orderBy?: { readonly field: string; readonly direction: "asc" | "desc" };
    readonly limit?: number;
}

export interface FirestoreTransaction {
    /** Reads a document inside the transaction (the first read begins it); undefined when it does not exist. */
    get(path: string): Promise<DocumentData | undefined>;
    /** Buffers a write; the transaction commits them when the work returns. */
    write(write: FirestoreWrite): void;
}

export interface FirestoreDatabase {
    /** A strongly consistent read of one document; undefined when it does not exist. */
    get(path: string): Promise<DocumentData | undefined>;
    /** Applies every write or none (a commit outside a transaction). */
    commit(writes: readonly FirestoreWrite[]): Promise<void>;
    /** The documents of one collection (`streams` or `streams/a/events`) the query selects, in its order. */
    query(collection: string, query: FirestoreQuery): Promise<DocumentData[]>;
    /**
     * Runs `work` in a read-write transaction and commits what it wrote (or rolls back when it
     * wrote nothing or threw); a transaction Firestore aborted (a racing writer) runs `work` again.
     */
    runTransaction<T>(work: (tx: FirestoreTransaction) => Promise<T>): Promise<T>;
}

export interface FirestoreRestOptions extends GoogleRestOptions {
    /** @default GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT, or the metadata server's project */
    readonly projectId?: string;
}

/** Retries on a rising delay as the SDK's ExponentialBackoff: from 1 s by 1.5 ×, at most 60 s. */
const SDK_BACKOFF = { retries: 4, initialDelay: 1000, exponent: 1.5, maxDelay: 60_000 } as const;
/** BatchGetDocuments and RunQuery retry these (the SDK's firestore_client_config.json). */
const READ_RETRY: StatusRetry = { statuses: ["DEADLINE_EXCEEDED", "INTERNAL", "UNAVAILABLE"], ...SDK_BACKOFF };
/** Commit retries these. */
const COMMIT_RETRY: StatusRetry = { statuses: ["RESOURCE_EXHAUSTED", "UNAVAILABLE"], ...SDK_BACKOFF };
/** The transaction runner runs the work again on these (the SDK's isRetryableTransactionError), and on an expired transaction. */
const TRANSACTION_RETRY: StatusRetry = {
    statuses: ["ABORTED", "CANCELLED", "UNKNOWN", "DEADLINE_EXCEEDED", "INTERNAL", "UNAVAILABLE", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED"],
    ...SDK_BACKOFF,
};

const OPERATORS = {
    "<": "LESS_THAN",
    "<=": "LESS_THAN_OR_EQUAL",
    "==": "EQUAL",
    ">=": "GREATER_THAN_OR_EQUAL",
    ">": "GREATER_THAN",
} as const;

type BatchGetAnswer = readonly {
    readonly found?: { readonly fields?: RestFields };
    readonly missing?: string;
    readonly transaction?: string;
}[];
type RunQueryAnswer = readonly { readonly document?: { readonly fields?: RestFields } }[];

function structuredQuery(collectionId: string, query: FirestoreQuery): unknown {
    const filters = (query.where ?? []).map((f) => ({
        fieldFilter: { field: { fieldPath: f.field }, op: OPERATORS[f.op], value: toRestValue(f.value) },
    }));
    return {
        from: [{ collectionId }],
        ...(filters.length === 1 && { where: filters[0] }),
        ...(filters.length > 1 && { where: { compositeFilter: { op: "AND", filters } } }),
        ...(query.orderBy && {
            orderBy: [
                { field: { fieldPath: query.orderBy.field }, direction: query.orderBy.direction === "asc" ? "ASCENDING" : "DESCENDING" },
            ],
        }),
        ...(query.limit !== undefined && { limit: query.limit }),
    };
}

/** `databaseId` is the database's id (`(default)` or a named one) in the project. */
export function firestoreRestDatabase(databaseId: string, options: FirestoreRestOptions = {}): FirestoreDatabase {
    const call = googleRestCall("Firestore", "https://firestore.googleapis.com", options);
    const projectId = options.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT;
    let documentsRoot: Promise<string> | undefined;
    // Asked once, when first needed: the project of the function's service account.
    const documents = () =>
        (documentsRoot ??= (projectId ? Promise.resolve(projectId) : metadataServerProjectId(options.fetch)).then(
            (project) => `projects/${project}/databases/${databaseId}/documents`,
            (err: unknown) => {
                documentsRoot = undefined;
                throw err;
            },
        ));

    const reads = retryOnStatus(READ_RETRY);
    const commits = retryOnStatus(COMMIT_RETRY);
    const transactions = retryOnStatus(TRANSACTION_RETRY, (err) =>
        err.status === "INVALID_ARGUMENT" ? /transaction has expired/i.test(err.detail) : TRANSACTION_RETRY.statuses.includes(err.status),
    );

    async function restWrites(writes: readonly FirestoreWrite[]): Promise<unknown[]> {
        const root = await documents();
        return writes.map((w) =>
            "delete" in w
                ? { delete: `${root}/${w.delete}` }
                : {
                      update: { name: `${root}/${w.set}`, fields: toRestFields(w.data) },
                      ...(w.exists === false && { currentDocument: { exists: false } }),
                  },
        );
    }

    async function batchGet(path: string, transaction: unknown): Promise<{ data?: DocumentData; transaction?: string }> {
        const answer = await call<BatchGetAnswer>(`${await documents()}:batchGet`, {
            documents: [`${await documents()}/${path}`],
            ...(transaction as object),
        });
        const found = answer.find((a) => a.found)?.found;
        return { data: found && fromRestFields(found.fields), transaction: answer.find((a) => a.transaction)?.transaction };
    }

    return {
        get: (path) => reads.execute(async () => (await batchGet(path, {})).data),

        commit: (writes) =>
            commits.execute(async () => {
                await call(`${await documents()}:commit`, { writes: await restWrites(writes) });
            }),

        query: (collection, query) =>
            reads.execute(async () => {
                const segments = collection.split("/");
                const collectionId = segments.pop()!;
                // The parent document's path goes in the URL: each id percent-encoded, as ids may hold '%' or spaces.
                const parent = [await documents(), ...segments.map(encodeURIComponent)].join("/");
                const answer = await call<RunQueryAnswer>(`${parent}:runQuery`, { structuredQuery: structuredQuery(collectionId, query) });
                return answer.flatMap((a) => (a.document ? [fromRestFields(a.document.fields)] : []));
            }),

        runTransaction<T>(work: (tx: FirestoreTransaction) => Promise<T>): Promise<T> {
            // A transaction run again names the one that aborted, so Firestore keeps its place in the lock queue.
            let previous: string | undefined;
            return transactions.execute(async () => {
                let id: string | undefined;
                const writes: FirestoreWrite[] = [];
                const tx: FirestoreTransaction = {
                    async get(path) {
                        const read = await batchGet(
                            path,
                            id ? { transaction: id } : { newTransaction: { readWrite: previous ? { retryTransaction: previous } : {} } },
                        );
                        id ??= read.transaction;
                        previous = id;
                        return read.data;
                    },
                    write: (write) => void writes.push(write),
                };
                let result: T;
                try {
                    result = await work(tx);
                } catch (err) {
                    // Release the locks now rather than when Firestore times the transaction out.
                    if (id) await call(`${await documents()}:rollback`, { transaction: id }).catch(() => undefined);
                    throw err;
                }
                if (writes.length > 0) {
                    await call(`${await documents()}:commit`, { writes: await restWrites(writes), ...(id && { transaction: id }) });
                } else if (id) {
                    await call(`${await documents()}:rollback`, { transaction: id });
                }
                return result;
            });
        },
    };
}
