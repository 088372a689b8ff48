/**
 * The Azure publisher function: the Cosmos DB change feed of the events -> Event Grid, by the app's
 * managed identity; documents that cannot be published go to a private blob container.
 */
import { managedIdentityToken } from "../../azure-managed-identity";
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { MessageBatchHandler } from "../../contracts";
import { blobPoisonStore, STORAGE_SCOPE } from "../../queues/blob-poison-store";
import { EVENT_GRID_SCOPE, eventGridPublisher } from "../../queues/event-grid-publisher";

const publisher = atColdStart(() => {
    const settings = readFunctionConfig((s) => ({
        topicEndpoint: s.string("topicEndpoint"),
        poisonContainerUrl: s.string("poisonContainerUrl"),
    }));
    return eventGridPublisher(
        settings.topicEndpoint,
        managedIdentityToken(EVENT_GRID_SCOPE),
        blobPoisonStore(settings.poisonContainerUrl, managedIdentityToken(STORAGE_SCOPE)),
    );
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
