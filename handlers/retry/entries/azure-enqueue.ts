/** Azure Function behind API Management: POST work, 202 with the Service Bus message id. */
import { HttpHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { ServiceBusProducer } from "../../queues/service-bus";
import { serviceBusQueueSender } from "../../queues/service-bus-rest";
import { enqueueHandler } from "../enqueue";
import { readEnqueueSettings } from "../settings";

const handler = atColdStart(() => {
    const { queue, maxBodyBytes } = readEnqueueSettings();
    if (queue.kind !== "service-bus") throw new ConfigError(`'queue.kind' must be service-bus on Azure, got ${JSON.stringify(queue.kind)}`);
    return enqueueHandler(new ServiceBusProducer(serviceBusQueueSender(queue.namespace, queue.queueName)), maxBodyBytes);
});

export const enqueue: HttpHandler = async (request) => handler()(request);
