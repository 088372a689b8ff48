/**
 * Publishes committed events to a Pub/Sub topic, ordered per stream (ordering key = stream id),
 * each with its event id as the `eventId` attribute so consumers drop redeliveries. Used by the GCP
 * publisher function, which Eventarc invokes for every event document Firestore commits.
 */
import type { PubSub } from "@google-cloud/pubsub";
import { toCloudEvent } from "../event-sourcing/cloud-event";
import { RecordedEvent } from "../stores/event-store/port";

export function pubsubPublisher(pubsub: PubSub, topicName: string): (events: readonly RecordedEvent[]) => Promise<void> {
    const topic = pubsub.topic(topicName, { messageOrdering: true });
    return async (events) => {
        for (const e of events) {
            try {
                await topic.publishMessage({
                    json: toCloudEvent("cloud-patterns/event-sourcing", e),
                    orderingKey: e.stream,
                    attributes: { eventId: e.eventId, stream: e.stream, version: String(e.version), type: e.type },
                });
            } catch (err) {
                // A failed publish pauses its ordering key in this client while other messages of the key are
                // queued (concurrent deliveries to one instance); resume it so those and the retry can publish.
                topic.resumePublishing(e.stream);
                throw err;
            }
        }
    };
}
