/**
 * A write model that sets something up once before its first write: the read side's definitions
 * when the cloud, not a projector, keeps the read model (AI Search's indexer). A failed setup is
 * logged and tried again before the next write, and never refuses the write: the write model is
 * the source of truth, and the read side catches up from it once the setup succeeds.
 */
import type { DocumentStore } from "./port";

export function beforeFirstWrite(
    store: DocumentStore,
    setUp: () => Promise<void>,
    log: (message: string) => void = (m) => console.error(m),
): DocumentStore {
    let done: Promise<void> | undefined;
    const once = () =>
        (done ??= setUp().catch((err: unknown) => {
            done = undefined;
            log(`read side setup failed, retried before the next write: ${err instanceof Error ? err.message : String(err)}`);
        }));
    return {
        read: (id) => store.read(id),
        async write(id, next, expectedVersion) {
            await once();
            return store.write(id, next, expectedVersion);
        },
    };
}
