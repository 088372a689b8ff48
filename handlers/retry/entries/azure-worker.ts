/** Azure Functions worker: Service Bus queue trigger, sends over Service Bus REST, Cosmos DB idempotency records (managed identity). */
import { process } from "cloud-patterns:retry-worker";
import { MessageBatchHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { cosmosClient } from "../../stores/clients/cosmos";
import { CosmosIdempotencyStore } from "../../stores/idempotency/cosmos";
import { buildWorker } from "../build-worker";
import { serviceBusQueueSender } from "../../queues/service-bus-rest";
import { ServiceBusDeadLetterSink, ServiceBusRescheduler } from "../../queues/service-bus-retry";
import { readWorkerSettings } from "../settings";

const worker = atColdStart(() => {
    const settings = readWorkerSettings();
    const { queue, idempotency } = settings;
    if (queue.kind !== "service-bus") throw new ConfigError(`'queue.kind' must be service-bus on Azure, got ${JSON.stringify(queue.kind)}`);
    if (idempotency && idempotency.store.kind !== "cosmos")
        throw new ConfigError(`'idempotency.store.kind' must be cosmos on Azure, got ${JSON.stringify(idempotency.store.kind)}`);
    return buildWorker(settings, process, {
        deadLetters: new ServiceBusDeadLetterSink(serviceBusQueueSender(queue.namespace, queue.deadLetterQueueName)),
        scheduler: new ServiceBusRescheduler(serviceBusQueueSender(queue.namespace, queue.queueName)),
        ...(idempotency?.store.kind === "cosmos" && {
            idempotencyStore: new CosmosIdempotencyStore(
                cosmosClient(idempotency.store.endpoint).database(idempotency.store.database).container(idempotency.store.container),
            ),
        }),
    });
});

export const retryWorker: MessageBatchHandler = async (messages) => worker().handleBatch(messages);
