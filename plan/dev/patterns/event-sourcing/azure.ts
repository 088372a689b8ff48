/**
 * Event Sourcing on Azure, locally: the events and snapshots containers on the local Cosmos DB peer
 * (cosmosdb-server) as the stack declares them, behind the `store` faults' proxy when the spec has
 * them, the functions signing in with their managed identity through the local identity endpoint
 * (../../cosmos-for-functions.ts, which Sharding on Azure shares), the events container's change feed delivered to
 * the publisher's host as the Cosmos DB trigger delivers it, and Event Grid (no local emulator)
 * simulated as the project's tests do: a local HTTP topic endpoint that takes the CloudEvents
 * batch with a bearer token, and a blob endpoint for the poison documents. `queue: duplicate`
 * delivers the drawn change-feed batches twice, so the topic sees those events twice.
 */
import type { CosmosClient } from "@azure/cosmos";
import type { StoreDocument, EventGridPublisherSettingsDocument } from "../../../../handlers/event-sourcing/settings-document";
import { publisherBundle, COSMOS_CONNECTION } from "../../../../components/event-sourcing/functions";
import { cosmosForFunctions } from "../../cosmos-for-functions";
import { startChangeFeed, type RunningChangeFeed } from "../../deliveries/cosmos-change-feed";
import { faultDraws } from "../../faults";
import { startHttpStandIn } from "../../stand-ins/http-stand-in";
import type { StackPattern } from "../../stack-functions";
import type { StoreFaultProxy } from "../../store-fault-proxy";
import { DevContext, LocalFunction, stackFunction } from "../../wiring";
import { rebase } from "../sample-path";

/** One event as the topic received it (every delivery counted). */
export interface PublishedEvent {
    readonly id: string;
    readonly type: string;
    readonly subject: string;
}

export interface LocalPublication {
    /** Every event the topic received, duplicates included, in order. */
    readonly published: readonly PublishedEvent[];
    readonly publisher: LocalFunction;
    connect(publisherUrl: string): void;
    stop(): Promise<void>;
}

type CosmosStore = Extract<StoreDocument, { kind: "cosmos" }>;

/** The command's store on the local peer (behind the `store` faults' proxy when the spec has them), and the environment its functions sign in with. */
export async function azureEventStore(
    pattern: StackPattern,
    store: CosmosStore,
    context: DevContext,
): Promise<{ store: CosmosStore; environment: Record<string, string>; proxy?: StoreFaultProxy; stop(): Promise<void> }> {
    const local = await cosmosForFunctions(pattern, context);
    return { store: { ...store, endpoint: local.endpoint }, environment: { ...local.environment }, proxy: local.proxy, stop: local.stop };
}

export async function azurePublication(
    pattern: StackPattern,
    store: CosmosStore,
    environment: Record<string, string>,
    context: DevContext,
): Promise<LocalPublication> {
    const settings = stackFunction(pattern, "publisher").settings as unknown as EventGridPublisherSettingsDocument;
    const published: PublishedEvent[] = [];
    const topic = await startHttpStandIn(
        "event grid",
        (req, body) => {
            if (!String(req.headers.authorization ?? "").startsWith("Bearer "))
                return { status: 401, contentType: "application/json", body: '{"error":{"code":"Unauthorized"}}' };
            const events = JSON.parse(body) as PublishedEvent[];
            published.push(...events.map(({ id, type, subject }) => ({ id, type, subject })));
            for (const e of events) context.log(`event grid: published ${e.type} on ${e.subject} (id ${e.id})`);
            return { status: 200, contentType: "application/json", body: "" };
        },
        undefined,
        context.faults.seed,
        context.log,
    );
    const poison = await startHttpStandIn(
        "poison blobs",
        () => ({ status: 201, contentType: "application/xml", body: "" }),
        undefined,
        context.faults.seed,
        context.log,
    );
    const local: EventGridPublisherSettingsDocument = {
        ...settings,
        topicEndpoint: rebase(settings.topicEndpoint, topic.url),
        poisonContainerUrl: rebase(settings.poisonContainerUrl, poison.url),
    };
    context.log("Event Grid has no local emulator: its topic endpoint is simulated on 127.0.0.1, as the tests do");
    const duplicateShare = context.faults.queue?.duplicate ?? 0;
    const draw = faultDraws(context.faults.seed, "queue");
    let feed: RunningChangeFeed | undefined;
    const client: CosmosClient = (await context.peers.get("cosmos")).client();
    return {
        published,
        publisher: {
            role: "publisher",
            bundle: publisherBundle({
                kind: "cosmos-change-feed",
                connection: COSMOS_CONNECTION,
                databaseName: store.database,
                containerName: store.eventsContainer,
                leaseContainerName: "leases",
            }),
            settings: local,
            environment,
        },
        connect(publisherUrl) {
            const container = client.database(store.database).container(store.eventsContainer);
            context.log(`change feed: ${store.database}/${store.eventsContainer} -> publisher`);
            feed = startChangeFeed(container, publisherUrl, context.log, () => duplicateShare > 0 && draw() < duplicateShare);
        },
        async stop() {
            await feed?.stop();
            client.dispose();
            await Promise.all([topic.stop(), poison.stop()]);
        },
    };
}
