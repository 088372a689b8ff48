/** The GCP projector's dead-letter sink: a Pub/Sub topic, each given-up change published as it came, with its id and attempt. */
import type { Topic } from "@google-cloud/pubsub";
import type { DeadLetterSink } from "./dead-letters";

export function pubSubDeadLetterSink(topic: Topic): DeadLetterSink {
    return async (messages) => {
        for (const m of messages) {
            await topic.publishMessage({
                data: Buffer.from(m.body),
                attributes: { ...m.attributes, change: m.id, attempt: String(m.attempt) },
            });
        }
    };
}
