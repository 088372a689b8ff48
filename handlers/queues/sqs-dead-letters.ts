import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { KeepDeadLetter } from "../event-sourcing/stream-publisher";

/** Keeps a publisher's dead letter in an SQS queue, the letter's JSON as the message body. */
export function sqsDeadLetters(sqs: Pick<SQSClient, "send">, queueUrl: string): KeepDeadLetter {
    return async (letter) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(letter) }));
    };
}
