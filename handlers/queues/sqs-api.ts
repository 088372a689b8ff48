/**
 * The two SQS calls the functions make, SendMessage and ChangeMessageVisibility, over SQS's AWS
 * JSON 1.0 protocol (target `AmazonSQS`, served since 2023:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html),
 * with @aws-sdk/client-sqs's default retries. As the SDK does by default, a sent message's MD5
 * is checked against the one SQS computed.
 */
import { createHash } from "node:crypto";
import { AwsJsonOptions, awsJsonClient, AwsJsonService } from "../stores/clients/aws-json";

const SQS: AwsJsonService = {
    signingName: "sqs",
    endpointId: "SQS",
    targetPrefix: "AmazonSQS",
    jsonVersion: "1.0",
    maxAttempts: 3,
    baseDelayMs: 50,
};

export interface SqsMessageAttribute {
    readonly DataType: "String";
    readonly StringValue: string;
}

export interface SqsSendMessage {
    readonly QueueUrl: string;
    readonly MessageBody: string;
    readonly MessageAttributes?: Readonly<Record<string, SqsMessageAttribute>>;
}

export interface SqsChangeMessageVisibility {
    readonly QueueUrl: string;
    readonly ReceiptHandle: string;
    readonly VisibilityTimeout: number;
}

export interface SqsApi {
    sendMessage(input: SqsSendMessage): Promise<{ messageId: string }>;
    changeMessageVisibility(input: SqsChangeMessageVisibility): Promise<void>;
}

export function sqsApi(options: AwsJsonOptions = {}): SqsApi {
    const call = awsJsonClient(SQS, options);
    return {
        async sendMessage(input) {
            const out = await call<{ MessageId?: string; MD5OfMessageBody?: string }>("SendMessage", input);
            if (!out.MessageId) throw new Error("SQS accepted the message but returned no MessageId");
            const md5 = createHash("md5").update(input.MessageBody).digest("hex");
            if (out.MD5OfMessageBody !== md5)
                throw new Error(`SQS message ${out.MessageId}: MD5 of the body is ${md5}, SQS computed ${out.MD5OfMessageBody}`);
            return { messageId: out.MessageId };
        },
        async changeMessageVisibility(input) {
            await call("ChangeMessageVisibility", input);
        },
    };
}
