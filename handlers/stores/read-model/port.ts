/**
 * The read model's port: documents keyed by id, each carrying the write-model version it
 * reflects; bulk writes that report each item; and one query shape (text, typed filters, sort,
 * page) that every adapter turns into its own request with the values as data, never as query
 * text. Adapters: opensearch.ts, ai-search.ts, bigquery.ts.
 */

/** A read document with its version; tombstones (`deleted`) are kept so a late, older change cannot revive it. */
export interface ReadDocument {
    readonly id: string;
    readonly version: number;
    readonly deleted: boolean;
    readonly document: Readonly<Record<string, unknown>>;
}

/** The outcome of one item of a bulk write. */
export interface WriteOutcome {
    readonly id: string;
    /** Undefined when written; else why not (the item is retried by the projector's caller). */
    readonly error?: string;
}

export type FilterOperator = "eq" | "gt" | "gte" | "lt" | "lte";

export interface Filter {
    readonly field: string;
    readonly op: FilterOperator;
    /** Typed by the field's declared type before it reaches an adapter. */
    readonly value: string | number | boolean;
}

export interface Sort {
    readonly field: string;
    readonly descending: boolean;
}

export interface SearchQuery {
    /** Free text over the searchable fields. */
    readonly text?: string;
    readonly filters: readonly Filter[];
    readonly sort: readonly Sort[];
    readonly limit: number;
    readonly offset: number;
}

export interface SearchPage {
    /** Live documents only (no tombstones), in the asked order. */
    readonly items: readonly ReadDocument[];
    /** Whether more documents follow this page. */
    readonly more: boolean;
}

export interface ReadModelStore {
    /** The documents (tombstones included) stored for these ids. */
    getMany(ids: readonly string[]): Promise<ReadonlyMap<string, ReadDocument>>;
    /** Writes the documents (upsert by id), reporting each. */
    write(documents: readonly ReadDocument[]): Promise<WriteOutcome[]>;
    search(query: SearchQuery): Promise<SearchPage>;
}
