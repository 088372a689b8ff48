/**
 * Where the write table's stream mapping puts the changes that failed every retry: a private S3
 * bucket, because for an S3 on-failure destination Lambda writes the whole invocation record with
 * its metadata, while an SQS or SNS destination gets only the metadata (shard, sequence numbers),
 * which cannot be republished once the stream's 24 hours have passed (AWS Lambda Developer Guide,
 * "Retaining discarded records for a DynamoDB event source in Lambda"). Each object the mapping
 * writes notifies the alarmed dead-letter queue, so the one alarm and `alarmNotify` cover it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { queueSendPolicy } from "./aws-queue-policy";

export interface AwsDeadLetterBucket {
    /** Private, SSE-S3, TLS only, objects expired after `aws.deadLetterRetentionDays`. */
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
    readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
    /** Refuses every request not made over TLS. */
    readonly bucketPolicy: aws.s3.BucketPolicy;
    /** Lets only this bucket's notifications into the dead-letter queue. */
    readonly queuePolicy: aws.sqs.QueuePolicy;
    /** ObjectCreated -> the dead-letter queue, whose alarm fires on the first one. */
    readonly notification: aws.s3.BucketNotification;
    /** What the mapping needs to write there with the function's role (the Lambda guide's "For an S3 destination"). */
    readonly writeStatements: { actions: string[]; resources: pulumi.Input<string>[] }[];
}

export function awsDeadLetterBucket(
    name: string,
    bucketPrefix: string,
    retentionDays: number,
    queue: aws.sqs.Queue,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): AwsDeadLetterBucket {
    // Dead letters are what is left of failed changes: deleting the bucket while it holds some takes emptying it first.
    const bucket = new aws.s3.Bucket(name, { bucketPrefix, tags }, opts);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access`,
        { bucket: bucket.bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        opts,
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        // SSE-S3: encrypted at rest without a KMS key the mapping's role would need kms:GenerateDataKey on.
        { bucket: bucket.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
        opts,
    );
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
        `${name}-expiry`,
        {
            bucket: bucket.bucket,
            rules: [{ id: "expire-dead-letters", status: "Enabled", filter: {}, expiration: { days: retentionDays } }],
        },
        opts,
    );
    const bucketPolicy = new aws.s3.BucketPolicy(
        `${name}-tls-only`,
        {
            bucket: bucket.bucket,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        },
        // S3 refuses a bucket policy while the public access block is being put.
        pulumi.mergeOptions(opts, { dependsOn: [publicAccessBlock] }),
    );
    const queuePolicy = queueSendPolicy(`${name}-notifications`, queue, "s3.amazonaws.com", bucket.arn, opts);
    const notification = new aws.s3.BucketNotification(
        `${name}-notification`,
        { bucket: bucket.bucket, queues: [{ queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }] },
        // S3 checks it may send to the queue when the notification is put.
        pulumi.mergeOptions(opts, { dependsOn: [queuePolicy] }),
    );
    const writeStatements = [
        { actions: ["s3:PutObject"], resources: [pulumi.interpolate`${bucket.arn}/*`] },
        { actions: ["s3:ListBucket"], resources: [bucket.arn] },
    ];
    return { bucket, publicAccessBlock, encryption, lifecycle, bucketPolicy, queuePolicy, notification, writeStatements };
}
