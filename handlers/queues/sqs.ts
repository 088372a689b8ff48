import { EnqueueOptions, IDEMPOTENCY_KEY_ATTRIBUTE, Producer } from "./producer";
import type { SqsApi } from "./sqs-api";

/**
 * Sends to a standard SQS queue. Standard queues do not deduplicate (only FIFO queues do, at a
 * lower throughput), so a repeated key is sent again and the worker's idempotency record stops
 * the second run.
 */
export class SqsProducer implements Producer {
    constructor(
        private readonly sqs: Pick<SqsApi, "sendMessage">,
        private readonly queueUrl: string,
    ) {}

    enqueue(body: string, options: EnqueueOptions = {}): Promise<{ messageId: string }> {
        return this.sqs.sendMessage({
            QueueUrl: this.queueUrl,
            MessageBody: body,
            ...(options.idempotencyKey !== undefined && {
                MessageAttributes: { [IDEMPOTENCY_KEY_ATTRIBUTE]: { DataType: "String", StringValue: options.idempotencyKey } },
            }),
        });
    }
}
