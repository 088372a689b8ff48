/**
 * The GCP projector's dead-letter sink: a Pub/Sub topic, each given-up change published as it came,
 * with its id and attempt, over the REST API (stores/clients/pubsub-rest.ts) with the function's own identity.
 */
import { type GoogleRestOptions } from "../stores/clients/google-rest";
import { pubSubRestTopic } from "../stores/clients/pubsub-rest";
import type { DeadLetterSink } from "./dead-letters";

/** `topic` is the full name, `projects/P/topics/T`; `options` point it elsewhere (the emulator: its endpoint, `token: null`). */
export function pubSubDeadLetterSink(topic: string, options: GoogleRestOptions = {}): DeadLetterSink {
    const deadLetters = pubSubRestTopic(topic, options);
    return async (messages) => {
        await deadLetters.publish(
            messages.map((m) => ({ data: m.body, attributes: { ...m.attributes, change: m.id, attempt: String(m.attempt) } })),
        );
    };
}
