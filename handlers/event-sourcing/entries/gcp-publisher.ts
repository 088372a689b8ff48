/** The GCP publisher function: Eventarc Firestore `document.created` on the event documents -> Pub/Sub. */
import { atColdStart } from "../../cold-start";
import { readFunctionConfig } from "../../config";
import type { MessageBatchHandler } from "../../contracts";
import { pubsubPublisher } from "../../queues/pubsub-publisher";
import { pubSubTopic } from "../../stores/clients/pubsub-rest";
import { firestorePublisher } from "../firestore-publisher";

const publisher = atColdStart(() => {
    const settings = readFunctionConfig((s) => ({ topic: s.string("topic") }));
    return firestorePublisher(pubsubPublisher(pubSubTopic(settings.topic)));
});

export const handler: MessageBatchHandler = async (messages) => publisher()(messages);
