/** Azure Function behind API Management: POST work, 202 with the Service Bus message id. */
import { DefaultAzureCredential } from "@azure/identity";
import { ServiceBusClient } from "@azure/service-bus";
import { HttpHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { ServiceBusProducer } from "../../queues/service-bus";
import { enqueueHandler } from "../enqueue";
import { readEnqueueSettings } from "../settings";

const handler = atColdStart(() => {
    const { queue, maxBodyBytes } = readEnqueueSettings();
    if (queue.kind !== "service-bus") throw new ConfigError(`'queue.kind' must be service-bus on Azure, got ${JSON.stringify(queue.kind)}`);
    const bus = new ServiceBusClient(queue.namespace, new DefaultAzureCredential());
    return enqueueHandler(new ServiceBusProducer(bus.createSender(queue.queueName)), maxBodyBytes);
});

export const enqueue: HttpHandler = async (request) => handler()(request);
