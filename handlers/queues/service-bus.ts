import type { ServiceBusQueueSender } from "./service-bus-rest";
import { randomUUID } from "node:crypto";
import { EnqueueOptions, IDEMPOTENCY_KEY_ATTRIBUTE, Producer } from "./producer";

/**
 * Sends to a Service Bus queue. The idempotency key becomes the message id, so the queue's
 * duplicate detection drops a repeated send within its window; the worker's records cover the rest.
 */
export class ServiceBusProducer implements Producer {
    constructor(private readonly sender: Pick<ServiceBusQueueSender, "sendMessages">) {}

    async enqueue(body: string, options: EnqueueOptions = {}): Promise<{ messageId: string }> {
        const messageId = options.idempotencyKey ?? randomUUID();
        await this.sender.sendMessages({
            body,
            contentType: "application/json",
            messageId,
            applicationProperties: { [IDEMPOTENCY_KEY_ATTRIBUTE]: messageId },
        });
        return { messageId };
    }
}
