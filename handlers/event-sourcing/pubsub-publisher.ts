/**
 * Publishes committed events to a Pub/Sub topic, ordered per stream (ordering key = stream id).
 * Used on GCP, where Firestore has no change stream to a topic: the command function publishes
 * after the commit, so an instance that dies between the two leaves those events unpublished
 * (see docs/event-sourcing.md for the reliable route).
 */
import type { PubSub } from "@google-cloud/pubsub";
import { RecordedEvent } from "../stores/event-store/port";
import { toCloudEvent } from "./cloud-event";

export function pubsubPublisher(pubsub: PubSub, topicName: string): (events: readonly RecordedEvent[]) => Promise<void> {
    const topic = pubsub.topic(topicName, { messageOrdering: true });
    return async (events) => {
        for (const e of events) {
            await topic.publishMessage({
                json: toCloudEvent("cloud-patterns/event-sourcing", e),
                orderingKey: e.stream,
                attributes: { stream: e.stream, version: String(e.version), type: e.type },
            });
        }
    };
}
