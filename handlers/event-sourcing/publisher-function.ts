/** The bundle entry of the Azure publisher function (Cosmos DB change feed -> Event Grid). */
import { DefaultAzureCredential } from "@azure/identity";
import { readFunctionConfig } from "../config";
import type { MessageBatchHandler } from "../contracts";
import { EVENT_GRID_SCOPE, eventGridPublisher } from "./event-grid-publisher";

const settings = readFunctionConfig((s) => ({ topicEndpoint: s.string("topicEndpoint") }));
const credential = new DefaultAzureCredential();

export const handler: MessageBatchHandler = eventGridPublisher(settings.topicEndpoint, async () => {
    const token = await credential.getToken(EVENT_GRID_SCOPE);
    if (!token) throw new Error(`no Entra ID token for ${EVENT_GRID_SCOPE}; is the function app's managed identity on?`);
    return token.token;
});
