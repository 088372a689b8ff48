/**
 * Azure: the Cosmos DB change feed of the events container -> an Event Grid topic (CloudEvents
 * schema), as the publisher function. Entra ID auth (the function's managed identity; the topic's
 * local auth is off). A failed publish fails the batch, so the change feed redelivers it.
 */
import type { Message, MessageBatchHandler } from "../contracts";
import { toCloudEvent } from "../event-sourcing/cloud-event";
import { fromDocument, EventDocument } from "../stores/event-store/cosmos";

/** Returns a bearer token for Event Grid (DefaultAzureCredential in the function). */
export type TokenSource = () => Promise<string>;

export const EVENT_GRID_SCOPE = "https://eventgrid.azure.net/.default";

export function eventGridPublisher(topicEndpoint: string, token: TokenSource, fetchImpl: typeof fetch = fetch): MessageBatchHandler {
    return async (messages: readonly Message[]) => {
        if (messages.length === 0) return [];
        const events = messages.map((m) =>
            toCloudEvent("cloud-patterns/event-sourcing", fromDocument(JSON.parse(m.body) as EventDocument)),
        );
        const response = await fetchImpl(topicEndpoint, {
            method: "POST",
            headers: { "content-type": "application/cloudevents-batch+json; charset=utf-8", authorization: `Bearer ${await token()}` },
            body: JSON.stringify(events),
        });
        if (!response.ok) {
            // The whole batch fails: Event Grid accepts or refuses a batch as one.
            console.error(`Event Grid answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
            return messages.map((m) => m.id);
        }
        return [];
    };
}
