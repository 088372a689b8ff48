/** Builds a value on first use, so a function's cold start reads its settings once and a bad setting fails the call that needs it. */
export function lazy<T>(build: () => T): () => T {
    let value: { v: T } | undefined;
    return () => (value ??= { v: build() }).v;
}
