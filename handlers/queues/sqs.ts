import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EnqueueOptions, IDEMPOTENCY_KEY_ATTRIBUTE, Producer } from "./producer";

/**
 * Sends to a standard SQS queue. Standard queues do not deduplicate (only FIFO queues do, at a
 * lower throughput), so a repeated key is sent again and the worker's idempotency record stops
 * the second run.
 */
export class SqsProducer implements Producer {
    constructor(
        private readonly sqs: Pick<SQSClient, "send">,
        private readonly queueUrl: string,
    ) {}

    async enqueue(body: string, options: EnqueueOptions = {}): Promise<{ messageId: string }> {
        const { MessageId } = await this.sqs.send(
            new SendMessageCommand({
                QueueUrl: this.queueUrl,
                MessageBody: body,
                ...(options.idempotencyKey !== undefined && {
                    MessageAttributes: { [IDEMPOTENCY_KEY_ATTRIBUTE]: { DataType: "String", StringValue: options.idempotencyKey } },
                }),
            }),
        );
        if (!MessageId) throw new Error("SQS accepted the message but returned no MessageId");
        return { messageId: MessageId };
    }
}
