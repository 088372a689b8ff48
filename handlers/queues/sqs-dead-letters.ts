import type { KeepDeadLetter } from "../event-sourcing/stream-publisher";
import type { SqsApi } from "./sqs-api";

/** Keeps a publisher's dead letter in an SQS queue, the letter's JSON as the message body. */
export function sqsDeadLetters(sqs: Pick<SqsApi, "sendMessage">, queueUrl: string): KeepDeadLetter {
    return async (letter) => {
        await sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: JSON.stringify(letter) });
    };
}
