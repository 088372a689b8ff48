import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsName } from "./naming";

/**
 * A CloudWatch alarm that fires as soon as a dead-letter queue holds a message: the most
 * visible messages over a minute (SQS publishes its queue metrics every minute) above 0. No data
 * (an idle queue's metrics may stop) counts as fine. `notify` is an SNS topic ARN for the alarm
 * and OK actions; without it the alarm still exists and shows in the console.
 */
export function awsDeadLetterAlarm(
    name: string,
    queue: aws.sqs.Queue,
    notify: pulumi.Input<string> | undefined,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
    const actions = notify === undefined ? [] : [notify];
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            // Alarm names: up to 255 characters (CloudWatch PutMetricAlarm AlarmName).
            name: awsName(name, 255),
            alarmDescription: pulumi.interpolate`Messages are waiting in the dead-letter queue ${queue.name}: read, fix, and republish them`,
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: queue.name },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: actions,
            okActions: actions,
            tags,
        },
        opts,
    );
}
