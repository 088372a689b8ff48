/**
 * Publishes committed events to a Pub/Sub topic, ordered per stream (ordering key = stream id),
 * each with its event id as the `eventId` attribute so consumers drop redeliveries. Used by the GCP
 * publisher function, which Eventarc invokes for every event document Firestore commits.
 */
import { toCloudEvent } from "../event-sourcing/cloud-event";
import type { PubSubTopic } from "../stores/clients/pubsub-rest";
import { RecordedEvent } from "../stores/event-store/port";

export function pubsubPublisher(topic: PubSubTopic): (events: readonly RecordedEvent[]) => Promise<void> {
    return async (events) => {
        // One request keeps the events' order within each ordering key.
        await topic.publish(
            events.map((e) => ({
                data: JSON.stringify(toCloudEvent("cloud-patterns/event-sourcing", e)),
                orderingKey: e.stream,
                attributes: { eventId: e.eventId, stream: e.stream, version: String(e.version), type: e.type },
            })),
        );
    };
}
