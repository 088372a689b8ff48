/** Cloud Functions worker: Cloud Tasks HTTP target (OIDC), Firestore idempotency records, Pub/Sub dead letters. */
import { process } from "cloud-patterns:retry-worker";
import { MessageBatchHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { firestoreClient } from "../../stores/clients/firestore";
import { pubSubTopic } from "../../stores/clients/pubsub-rest";
import { FirestoreIdempotencyStore } from "../../stores/idempotency/firestore";
import { buildWorker } from "../build-worker";
import { cloudTasksScheduler, PubSubDeadLetterSink } from "../../queues/cloud-tasks-retry";
import { readWorkerSettings } from "../settings";

const worker = atColdStart(() => {
    const settings = readWorkerSettings();
    const { queue, idempotency } = settings;
    if (queue.kind !== "cloud-tasks") throw new ConfigError(`'queue.kind' must be cloud-tasks on GCP, got ${JSON.stringify(queue.kind)}`);
    if (idempotency && idempotency.store.kind !== "firestore")
        throw new ConfigError(`'idempotency.store.kind' must be firestore on GCP, got ${JSON.stringify(idempotency.store.kind)}`);
    return buildWorker(settings, process, {
        deadLetters: new PubSubDeadLetterSink(pubSubTopic(queue.deadLetterTopic)),
        scheduler: cloudTasksScheduler,
        ...(idempotency?.store.kind === "firestore" && {
            idempotencyStore: new FirestoreIdempotencyStore(firestoreClient(idempotency.store.database), idempotency.store.collection),
        }),
    });
});

export const retryWorker: MessageBatchHandler = async (messages) => worker().handleBatch(messages);
