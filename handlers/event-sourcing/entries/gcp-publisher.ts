/**
 * The GCP publisher function: Eventarc Firestore `document.created` on the event documents -> Pub/Sub.
 * An event document still failing once it is `deadLetters.maxAgeSeconds` old (one that is not an
 * event, or a topic refusing it) is published whole to the dead-letter topic and acknowledged,
 * within Eventarc's 24-hour retries, so none is dropped unseen.
 */
import { withDeadLetters } from "../../cqrs/dead-letters";
import { pubSubDeadLetterSink } from "../../cqrs/pubsub-dead-letters";
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { MessageBatchHandler } from "../../contracts";
import { pubsubPublisher } from "../../queues/pubsub-publisher";
import { pubSubEmulatorOptions, pubSubTopic } from "../../stores/clients/pubsub-rest";
import { firestorePublisher } from "../firestore-publisher";

const publisher = atColdStart(() => {
    const settings = readFunctionConfig((s) => {
        const deadLetters = s.object("deadLetters");
        return {
            topic: s.string("topic"),
            deadLetterTopic: deadLetters.string("topic"),
            maxAgeSeconds: deadLetters.number("maxAgeSeconds", 1, 86_400),
        };
    });
    return withDeadLetters(
        firestorePublisher(pubsubPublisher(pubSubTopic(settings.topic))),
        { maxAgeSeconds: settings.maxAgeSeconds },
        pubSubDeadLetterSink(settings.deadLetterTopic, pubSubEmulatorOptions()),
    );
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
