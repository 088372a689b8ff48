/** The one call the PostgreSQL adapters need; a `pg` Pool/Client and a PGlite instance both satisfy it. */
export interface Queryable {
    query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
    /**
     * Runs a statement the connection parses and plans once, kept under `name` (a prepared
     * statement), and resolves to the rows it changed. Optional: {@link preparedStatements}
     * also knows a raw PGlite, and falls back to `query`.
     */
    prepared?(name: string, text: string, values: unknown[]): Promise<{ rowCount: number }>;
}
