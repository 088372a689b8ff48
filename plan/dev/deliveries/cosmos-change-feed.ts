/**
 * A container's change feed (latest version mode) delivered to a function's host as the Cosmos DB
 * trigger delivers it: each changed document once in its latest version, in batches, and a batch
 * whose invocation failed delivered again (with its retry count) until it is taken, the lease
 * moving on only then. cosmosdb-server's own change feed does not tail (it answers 304 after the
 * first read), so changes are found by polling the container and comparing each document's
 * `_etag` with the last one delivered. `duplicate` draws which batches are delivered twice (the
 * `queue: duplicate` fault: the at-least-once delivery the trigger allows).
 */
import type { Container } from "@azure/cosmos";
import { deliverToHost } from "./host-delivery";
import { pollLoop } from "./poll-loop";

/** The trigger's default `maxItemsPerInvocation`. */
const MAX_ITEMS = 100;

interface FeedDocument {
    readonly id: string;
    readonly _etag?: string;
    readonly _ts?: number;
    readonly _rid?: string;
}

export interface RunningChangeFeed {
    stop(): Promise<void>;
}

export function startChangeFeed(
    container: Container,
    hostUrl: string,
    log: (line: string) => void,
    duplicate: () => boolean = () => false,
): RunningChangeFeed {
    const delivered = new Map<string, string | undefined>();
    let retryCount = 0;

    const poll = async () => {
        const { resources } = await container.items.readAll<FeedDocument>().fetchAll();
        const changed = resources
            .filter((d) => delivered.get(d._rid ?? d.id) !== d._etag)
            .sort((a, b) => (a._ts ?? 0) - (b._ts ?? 0))
            .slice(0, MAX_ITEMS);
        if (changed.length === 0) return;
        try {
            await deliverToHost(hostUrl, changed, { "x-retry-count": String(retryCount) });
        } catch (err) {
            retryCount++;
            log(
                `change feed: ${changed.length} document(s) not taken (${err instanceof Error ? err.message : String(err)}); delivering again`,
            );
            return;
        }
        retryCount = 0;
        for (const d of changed) delivered.set(d._rid ?? d.id, d._etag);
        log(`change feed: ${changed.length} document(s) delivered (${changed.map((d) => d.id).join(", ")})`);
        if (duplicate()) {
            await deliverToHost(hostUrl, changed, { "x-retry-count": "0" }).catch(() => undefined);
            log(`change feed: the same ${changed.length} document(s) delivered again (fault injected: queue duplicate)`);
        }
    };
    const loop = pollLoop(poll, (message) => log(`change feed: ${message}`));
    return {
        async stop() {
            await loop.stop();
        },
    };
}
