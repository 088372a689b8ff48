/**
 * The one cold-start rule of every bundle entry (handlers/<pattern>/entries/*.ts): the entry's
 * settings are parsed and its clients built once, when the runtime imports the bundle, as each
 * cloud advises for initialisation. A bad settings document never fails that import: Azure would
 * not register the function and Cloud Run would not start the instance, so the error would only be
 * in a platform log. Instead every call fails with the same error (a ConfigError naming the field),
 * in the log of the call, on every cloud alike.
 */
export function atColdStart<T>(build: () => T): () => T {
    let built: { readonly value: T } | { readonly error: unknown };
    try {
        built = { value: build() };
    } catch (error) {
        built = { error };
    }
    return () => {
        if ("error" in built) throw built.error;
        return built.value;
    };
}
