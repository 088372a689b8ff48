/**
 * The projector on GCP: Spanner change records (Dataflow -> Pub/Sub) or an EventSourcing's events
 * -> BigQuery; changes that keep failing are published to the dead-letter topic.
 */
import { pubSubEmulatorOptions } from "../../stores/clients/pubsub-rest";
import { projectorFunction } from "../functions";
import { pubSubDeadLetterSink } from "../pubsub-dead-letters";
import { openReadModel } from "./gcp-read-model";

export const handler = projectorFunction("bigquery", openReadModel, (sink) => {
    if (sink.kind !== "pubsub") throw new Error(`the GCP projector sets dead letters aside in Pub/Sub, not ${sink.kind}`);
    return pubSubDeadLetterSink(sink.topic, pubSubEmulatorOptions());
});
