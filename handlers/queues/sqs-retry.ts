import { Message } from "../contracts";
import { deadLetterAttributes } from "../retry/dead-letter-attributes";
import { DeadLetterSink, RetryScheduler } from "../retry/ports";
import { SQS_RECEIPT_HANDLE_ATTRIBUTE } from "../runtimes/aws";
import type { SqsApi } from "./sqs-api";

/** SQS caps a visibility timeout at 12 hours. */
export const SQS_MAX_VISIBILITY_SECONDS = 43_200;

/** Sends the message to the dead-letter queue (the same one the redrive policy uses) with the reason. */
export class SqsDeadLetterSink implements DeadLetterSink {
    constructor(
        private readonly sqs: Pick<SqsApi, "sendMessage">,
        private readonly deadLetterQueueUrl: string,
    ) {}

    async deadLetter(message: Message, reason: string, attempt: number): Promise<void> {
        const attributes = deadLetterAttributes(message, reason, attempt);
        await this.sqs.sendMessage({
            QueueUrl: this.deadLetterQueueUrl,
            MessageBody: message.body,
            MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: "String", StringValue: v }])),
        });
    }
}

/**
 * Backs off by hiding the failed message for the policy's delay: ChangeMessageVisibility on its
 * receipt handle, then the message is reported failed and SQS redelivers it when the timeout ends
 * (counting a receive towards the redrive policy's maxReceiveCount).
 */
export class SqsVisibilityScheduler implements RetryScheduler {
    constructor(
        private readonly sqs: Pick<SqsApi, "changeMessageVisibility">,
        private readonly queueUrl: string,
    ) {}

    async defer(message: Message, delayMs: number): Promise<{ redelivers: boolean }> {
        const receiptHandle = message.attributes[SQS_RECEIPT_HANDLE_ATTRIBUTE];
        if (!receiptHandle)
            throw new Error(
                `message ${message.id} has no '${SQS_RECEIPT_HANDLE_ATTRIBUTE}' attribute; the SQS adapter must pass the receipt handle`,
            );
        const seconds = Math.min(SQS_MAX_VISIBILITY_SECONDS, Math.ceil(delayMs / 1000));
        await this.sqs.changeMessageVisibility({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds });
        return { redelivers: true };
    }
}
