/**
 * The Azure publisher function: the Cosmos DB change feed of the events -> Event Grid, by the app's
 * managed identity; documents that cannot be published go to a private blob container.
 */
import { DefaultAzureCredential } from "@azure/identity";
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
    const credential = new DefaultAzureCredential();
    const tokenFor = (scope: string) => async () => {
        const token = await credential.getToken(scope);
        if (!token) throw new Error(`no Entra ID token for ${scope}; is the function app's managed identity on?`);
        return token.token;
    };
    return eventGridPublisher(
        settings.topicEndpoint,
        tokenFor(EVENT_GRID_SCOPE),
        blobPoisonStore(settings.poisonContainerUrl, tokenFor(STORAGE_SCOPE)),
    );
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
