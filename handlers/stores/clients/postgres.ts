/** The one call the PostgreSQL adapters need; a `pg` Pool/Client and a PGlite instance both satisfy it. */
export interface Queryable {
    query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}
