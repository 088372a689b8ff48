import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A queue's policy letting one AWS service send to it, and only on behalf of `sourceArn` (an EventBridge rule, an S3 bucket). */
export function queueSendPolicy(
    name: string,
    queue: aws.sqs.Queue,
    service: string,
    sourceArn: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): aws.sqs.QueuePolicy {
    return new aws.sqs.QueuePolicy(
        name,
        {
            queueUrl: queue.url,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: service },
                        Action: "sqs:SendMessage",
                        Resource: queue.arn,
                        Condition: { ArnEquals: { "aws:SourceArn": sourceArn } },
                    },
                ],
            }),
        },
        opts,
    );
}
