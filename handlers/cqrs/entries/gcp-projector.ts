/**
 * The projector on GCP: Spanner change records (Dataflow -> Pub/Sub) or an EventSourcing's events
 * -> BigQuery; changes that keep failing are published to the dead-letter topic.
 */
import { PubSub } from "@google-cloud/pubsub";
import { projectorFunction } from "../functions";
import { openReadModel } from "./gcp-read-model";

export const handler = projectorFunction("bigquery", openReadModel, (sink) => {
    if (sink.kind !== "pubsub") throw new Error(`the GCP projector sets dead letters aside in Pub/Sub, not ${sink.kind}`);
    const topic = new PubSub().topic(sink.topic);
    return async (messages) => {
        for (const m of messages) {
            await topic.publishMessage({
                data: Buffer.from(m.body),
                attributes: { ...m.attributes, change: m.id, attempt: String(m.attempt) },
            });
        }
    };
});
