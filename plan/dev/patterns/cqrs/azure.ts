/**
 * CQRS on Azure, locally (the change feed path, `azure.sync: "push"`): the write, leases and
 * dead-letter containers on the local Cosmos DB peer as the stack declares them, the functions
 * signing in with their managed identity through the local identity endpoint, the write
 * container's change feed delivered to the projector's host as the Cosmos DB trigger delivers it,
 * and the read model on a local stand-in for AI Search that answers the adapter's index, indexing
 * and search calls as Microsoft's REST reference documents them (plan/dev/stand-ins/ai-search.ts).
 */
import { cosmosChangeFeed } from "../../../../components/cqrs/functions";
import { cosmosForFunctions } from "../../cosmos-for-functions";
import { startChangeFeed, type RunningChangeFeed } from "../../deliveries/cosmos-change-feed";
import { aiSearchStandIn } from "../../stand-ins/ai-search";
import { serveFetch } from "../../stand-ins/fetch-server";
import type { LocalCqrsFactory } from ".";

export const azureCqrs: LocalCqrsFactory = async (pattern, stack, context) => {
    const { command, projector, query } = stack;
    const { writeStore } = command;
    const { readStore, deadLetters } = projector;
    if (writeStore.kind !== "cosmos" || readStore.kind !== "ai-search" || projector.source !== "cosmos-change-feed" || command.indexer)
        throw new Error(
            `Cqrs '${pattern.name}': on Azure locally the write model must be Cosmos DB with its change feed (azure.sync "push"), the read model AI Search; got ${writeStore.kind}, ${command.indexer ? "the indexer" : projector.source}, ${readStore.kind}`,
        );
    // CQRS takes no store faults, as on AWS and GCP (its smoke verdict has no answer for them): no proxy.
    const cosmos = await cosmosForFunctions(pattern, { ...context, faults: { ...context.faults, store: undefined } });
    const peer = await context.peers.get("cosmos");
    const serviceName = new URL(readStore.endpoint).hostname.split(".")[0];
    const search = aiSearchStandIn(serviceName);
    const server = await serveFetch("read model", search.fetch, context.log);
    context.log(
        `read model: local stand-in for AI Search (index ${readStore.index} in memory, the REST reference's shapes and OData filters) at ${server.url}; no AI Search runs locally`,
    );
    const localReadStore = { ...readStore, endpoint: server.url };
    const feedClient = peer.client();
    let feed: RunningChangeFeed | undefined;
    return {
        settings: {
            command: { ...command, writeStore: { ...writeStore, endpoint: cosmos.endpoint } },
            projector: {
                ...projector,
                readStore: localReadStore,
                ...(deadLetters?.kind === "cosmos" && { deadLetters: { ...deadLetters, endpoint: cosmos.endpoint } }),
            },
            query: { ...query, readStore: localReadStore },
        },
        readStoreStandsInFor: "AI Search",
        environment: cosmos.environment,
        projectorTrigger: cosmosChangeFeed(writeStore.container),
        connect(projectorUrl) {
            context.log(`change feed: ${writeStore.database}/${writeStore.container} -> projector`);
            feed = startChangeFeed(feedClient.database(writeStore.database).container(writeStore.container), projectorUrl, context.log);
        },
        async stop() {
            await feed?.stop();
            feedClient.dispose();
            await Promise.all([server.stop(), cosmos.stop()]);
        },
    };
};
