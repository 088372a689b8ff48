/**
 * Azure: the Cosmos DB change feed of the events container -> an Event Grid topic (CloudEvents
 * schema), as the publisher function. Entra ID auth (the function's managed identity; the topic's
 * local auth is off). A failed publish fails the batch, so the change feed redelivers it. A
 * document that is not an event, or one event Event Grid refuses, would fail every redelivery of
 * its batch and stall the feed: it goes to the poison store and the feed moves on.
 */
import type { Message, MessageBatchHandler } from "../contracts";
import { PublishedEvent, toCloudEvent } from "../event-sourcing/cloud-event";
import { fromDocument, EventDocument } from "../stores/event-store/cosmos";
import type { PoisonStore } from "./blob-poison-store";

/** Returns a bearer token for Event Grid (the function app's managed identity, azure-managed-identity.ts). */
export type TokenSource = () => Promise<string>;

export const EVENT_GRID_SCOPE = "https://eventgrid.azure.net/.default";
const SOURCE = "cloud-patterns/event-sourcing";

type Publishable = { readonly message: Message; readonly event: PublishedEvent };

export function eventGridPublisher(
    topicEndpoint: string,
    token: TokenSource,
    poison: PoisonStore,
    fetchImpl: typeof fetch = fetch,
): MessageBatchHandler {
    return async (messages: readonly Message[]) => {
        if (messages.length === 0) return [];
        const publishable: Publishable[] = [];
        const poisoned: { message: Message; reason: string }[] = [];
        for (const message of messages) {
            const read = eventOf(message);
            if (typeof read === "string") poisoned.push({ message, reason: read });
            else publishable.push({ message, event: read });
        }
        const failed = new Set<string>();
        if (publishable.length > 0) {
            const refused = await publish(publishable);
            if (refused.kind === "failed") refused.messages.forEach((m) => failed.add(m.id));
            else if (refused.kind === "refused") {
                // Event Grid takes or refuses a batch as one: find the events it refuses on their own.
                for (const one of publishable) {
                    const single = await publish([one]);
                    if (single.kind === "failed") failed.add(one.message.id);
                    else if (single.kind === "refused") poisoned.push({ message: one.message, reason: single.reason });
                }
            }
        }
        for (const { message, reason } of poisoned) {
            try {
                await poison.keep(message, reason);
                console.error(JSON.stringify({ level: "error", msg: "poison document kept aside", id: message.id, reason }));
            } catch (err) {
                // Not stored: the batch must come back, or the document would be lost.
                console.error(JSON.stringify({ level: "error", msg: "poison store failed", id: message.id, error: String(err) }));
                failed.add(message.id);
            }
        }
        return [...failed];
    };

    async function publish(
        batch: readonly Publishable[],
    ): Promise<{ kind: "published" } | { kind: "refused"; reason: string } | { kind: "failed"; messages: Message[] }> {
        const response = await fetchImpl(topicEndpoint, {
            method: "POST",
            headers: { "content-type": "application/cloudevents-batch+json; charset=utf-8", authorization: `Bearer ${await token()}` },
            body: JSON.stringify(batch.map((p) => p.event)),
        });
        if (response.ok) return { kind: "published" };
        const detail = (await response.text()).slice(0, 500);
        // 400 (an invalid event) and 413 (too large) are the events' fault: retrying cannot help.
        if (response.status === 400 || response.status === 413)
            return { kind: "refused", reason: `Event Grid answered ${response.status}: ${detail}` };
        console.error(`Event Grid answered ${response.status}: ${detail}`);
        return { kind: "failed", messages: batch.map((p) => p.message) };
    }
}

/** The document as a CloudEvent, or why it is not an event. */
function eventOf(message: Message): PublishedEvent | string {
    let doc: Partial<EventDocument>;
    try {
        doc = JSON.parse(message.body) as Partial<EventDocument>;
    } catch {
        return "the change feed document is not JSON";
    }
    const problems = [
        typeof doc.streamId === "string" && doc.streamId !== "" ? undefined : "streamId must be a non-empty string",
        Number.isInteger(doc.version) && (doc.version as number) >= 1 ? undefined : "version must be an integer >= 1",
        typeof doc.eventId === "string" && doc.eventId !== "" ? undefined : "eventId must be a non-empty string",
        typeof doc.type === "string" && doc.type !== "" ? undefined : "type must be a non-empty string",
        typeof doc.recordedAt === "string" && !Number.isNaN(Date.parse(doc.recordedAt)) ? undefined : "recordedAt must be an ISO date",
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) return `not an event document: ${problems.join("; ")}`;
    return toCloudEvent(SOURCE, fromDocument(doc as EventDocument));
}
