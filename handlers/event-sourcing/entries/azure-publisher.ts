/** The Azure publisher function: the Cosmos DB change feed of the events -> Event Grid, by the app's managed identity. */
import { DefaultAzureCredential } from "@azure/identity";
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { MessageBatchHandler } from "../../contracts";
import { EVENT_GRID_SCOPE, eventGridPublisher } from "../../queues/event-grid-publisher";

const publisher = atColdStart(() => {
    const settings = readFunctionConfig((s) => ({ topicEndpoint: s.string("topicEndpoint") }));
    const credential = new DefaultAzureCredential();
    return eventGridPublisher(settings.topicEndpoint, async () => {
        const token = await credential.getToken(EVENT_GRID_SCOPE);
        if (!token) throw new Error(`no Entra ID token for ${EVENT_GRID_SCOPE}; is the function app's managed identity on?`);
        return token.token;
    });
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
