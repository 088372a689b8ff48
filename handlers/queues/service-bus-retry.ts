import type { ServiceBusQueueSender } from "./service-bus-rest";
import { Message } from "../contracts";
import { deadLetterAttributes } from "../retry/dead-letter-attributes";
import { DeadLetterSink, IDEMPOTENCY_KEY_ATTRIBUTE, PRIOR_ATTEMPTS_ATTRIBUTE, RetryScheduler } from "../retry/ports";

/**
 * Sends the message to the component's dead-letter queue with the reason. A Service Bus queue's
 * own `$DeadLetterQueue` cannot be sent to, and a Node function cannot settle the message it was
 * triggered with, so the component makes a separate dead-letter queue and forwards the main
 * queue's native dead letters (expired, out of deliveries) into it: one place holds them all.
 */
export class ServiceBusDeadLetterSink implements DeadLetterSink {
    constructor(private readonly deadLetterSender: Pick<ServiceBusQueueSender, "sendMessages">) {}

    async deadLetter(message: Message, reason: string, attempt: number): Promise<void> {
        await this.deadLetterSender.sendMessages({
            body: message.body,
            contentType: "application/json",
            messageId: `${message.id}:dead-letter`,
            applicationProperties: { ...message.attributes, ...deadLetterAttributes(message, reason, attempt) },
        });
    }
}

/**
 * Service Bus redelivers an abandoned message at once, and the Functions runtime's retry policies
 * do not apply to Service Bus triggers, so a wait is made the way Service Bus offers: a copy is
 * scheduled for `now + delay` on the same queue, carrying the attempts made so far, and the
 * original is completed. The copy gets its own message id, since duplicate detection would drop
 * a resend under the original id, and keeps the idempotency key.
 */
export class ServiceBusRescheduler implements RetryScheduler {
    constructor(
        private readonly queueSender: Pick<ServiceBusQueueSender, "scheduleMessages">,
        private readonly clock: () => number = Date.now,
    ) {}

    async defer(message: Message, delayMs: number, attempt: number): Promise<{ redelivers: boolean }> {
        await this.queueSender.scheduleMessages(
            {
                body: message.body,
                contentType: "application/json",
                messageId: `${message.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] ?? message.id}:attempt-${attempt + 1}`,
                applicationProperties: {
                    ...message.attributes,
                    [IDEMPOTENCY_KEY_ATTRIBUTE]: message.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] ?? message.id,
                    [PRIOR_ATTEMPTS_ATTRIBUTE]: attempt,
                },
            },
            new Date(this.clock() + delayMs),
        );
        return { redelivers: false };
    }
}
