import { Message } from "../contracts";
import { deadLetterAttributes } from "../retry/dead-letter-attributes";
import { DeadLetterSink, RetryScheduler } from "../retry/ports";
import type { PubSubTopic } from "../stores/clients/pubsub-rest";

/**
 * Cloud Tasks has no dead-letter queue: a task out of attempts is deleted. So the worker
 * dead-letters itself, on a permanent error or its last attempt, by publishing to a Pub/Sub topic
 * (with a subscription that retains what arrives) before acknowledging the task.
 */
export class PubSubDeadLetterSink implements DeadLetterSink {
    constructor(private readonly topic: Pick<PubSubTopic, "publish">) {}

    async deadLetter(message: Message, reason: string, attempt: number): Promise<void> {
        await this.topic.publish([
            { data: message.body, attributes: { ...message.attributes, ...deadLetterAttributes(message, reason, attempt) } },
        ]);
    }
}

/** The queue's retryConfig does the waiting: a non-2xx answer is all it takes. */
export const cloudTasksScheduler: RetryScheduler = {
    defer: async () => ({ redelivers: true }),
};
