/** The bundle entry of the GCP publisher function (Eventarc Firestore document.created -> Pub/Sub). */
import { PubSub } from "@google-cloud/pubsub";
import { readFunctionConfig } from "../config";
import type { MessageBatchHandler } from "../contracts";
import { firestorePublisher } from "./firestore-publisher";
import { pubsubPublisher } from "./pubsub-publisher";

const settings = readFunctionConfig((s) => ({ topic: s.string("topic") }));

export const handler: MessageBatchHandler = firestorePublisher(pubsubPublisher(new PubSub(), settings.topic));
