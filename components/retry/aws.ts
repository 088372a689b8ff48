import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { AwsFunction, createAwsFunction, grantAws } from "../platform/function-aws";
import type { EnqueueSettingsDocument } from "../../handlers/retry/settings-document";
import { awsDeadLetterAlarm } from "../platform/dead-letter-alarm-aws";
import { awsName } from "../platform/naming";
import type { SettingsInput } from "../platform/types";
import { enqueueBundle } from "./functions";
import type { RetryImplementation, RetryOutputs } from "./outputs";
import { workerSettings } from "./resolve";

/** SQS caps a message at 256 KiB. */
const SQS_MAX_BODY_BYTES = 262_144;
/** Dead letters are kept as long as SQS keeps anything: 14 days. */
const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;
/** AWS's advice: a queue's visibility timeout of at least six times the function's timeout. */
const VISIBILITY_PER_FUNCTION_TIMEOUT = 6;

/** The AWS children of a Retry. */
export interface AwsRetry extends RetryOutputs {
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;
    /** Fires while the dead-letter queue holds a message. */
    readonly deadLetterAlarm: aws.cloudwatch.MetricAlarm;
    /** Idempotency records (absent when idempotency is off). */
    readonly table?: aws.dynamodb.Table;
    readonly worker: AwsFunction;
    readonly workerPolicy: aws.iam.RolePolicy;
    readonly eventSourceMapping: aws.lambda.EventSourceMapping;
    readonly enqueue: AwsFunction;
    readonly enqueuePolicy: aws.iam.RolePolicy;
    /** The enqueue function's URL; callers sign with SigV4 (AWS_IAM) and need lambda:InvokeFunctionUrl. */
    readonly enqueueFunctionUrl: aws.lambda.FunctionUrl;
}

/**
 * SQS queue + dead-letter queue (redrive at maxReceiveCount = maxAttempts; SSE), a worker Lambda
 * on an event source mapping with ReportBatchItemFailures (the worker sets each failed message's
 * visibility from the jittered backoff), DynamoDB idempotency records, and an enqueue Lambda
 * behind an IAM-authenticated function URL. IAM names only these queues and this table.
 */
export const createAwsRetry: RetryImplementation<AwsRetry> = (name, resolved, opts) => {
    const tags = resolved.tags;
    const deadLetterQueue = new aws.sqs.Queue(
        `${name}-dead-letters`,
        {
            name: awsName(`${name}-dead-letters`, 80),
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            tags,
        },
        opts,
    );
    const deadLetterAlarm = awsDeadLetterAlarm(`${name}-dead-letters-alarm`, deadLetterQueue, resolved.alarmNotify, tags, opts);
    const queue = new aws.sqs.Queue(
        `${name}-queue`,
        {
            name: awsName(`${name}-queue`, 80),
            sqsManagedSseEnabled: true,
            visibilityTimeoutSeconds: Math.min(43_200, VISIBILITY_PER_FUNCTION_TIMEOUT * resolved.functionTimeoutSeconds),
            messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
            redrivePolicy: deadLetterQueue.arn.apply((deadLetterTargetArn) =>
                JSON.stringify({ deadLetterTargetArn, maxReceiveCount: resolved.maxAttempts }),
            ),
            tags,
        },
        opts,
    );
    const table = resolved.idempotency
        ? new aws.dynamodb.Table(
              `${name}-records`,
              {
                  name: awsName(`${name}-records`, 255),
                  billingMode: "PAY_PER_REQUEST",
                  hashKey: "id",
                  attributes: [{ name: "id", type: "S" }],
                  ttl: { attributeName: "ttl", enabled: true },
                  serverSideEncryption: { enabled: true },
                  tags,
              },
              opts,
          )
        : undefined;

    const worker = createAwsFunction(
        `${name}-worker`,
        {
            bundle: resolved.worker,
            memoryMb: resolved.memoryMb,
            timeoutSeconds: resolved.functionTimeoutSeconds,
            settings: workerSettings(
                name,
                resolved,
                { kind: "sqs", queueUrl: queue.url, deadLetterQueueUrl: deadLetterQueue.url },
                table && { kind: "dynamodb", table: table.name },
            ),
            tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    const workerPolicy = grantAws(
        `${name}-worker`,
        worker.role,
        [
            {
                actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                resources: [queue.arn],
            },
            { actions: ["sqs:SendMessage"], resources: [deadLetterQueue.arn] },
            ...(table
                ? [
                      {
                          actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                          resources: [table.arn],
                      },
                  ]
                : []),
        ],
        opts,
    );
    const eventSourceMapping = new aws.lambda.EventSourceMapping(
        `${name}-trigger`,
        {
            eventSourceArn: queue.arn,
            functionName: worker.function.arn,
            batchSize: resolved.aws.batchSize,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: resolved.concurrency },
            tags,
        },
        // The role must be able to read the queue before Lambda starts polling it.
        pulumi.mergeOptions(opts, { dependsOn: [workerPolicy] }),
    );

    const enqueue = createAwsFunction(
        `${name}-enqueue`,
        {
            bundle: enqueueBundle(Cloud.Aws),
            memoryMb: resolved.memoryMb,
            timeoutSeconds: 10,
            settings: {
                maxBodyBytes: SQS_MAX_BODY_BYTES,
                queue: { kind: "sqs", queueUrl: queue.url },
            } satisfies SettingsInput<EnqueueSettingsDocument>,
            tags,
            logRetentionDays: resolved.logRetentionDays,
        },
        opts,
    );
    const enqueuePolicy = grantAws(`${name}-enqueue`, enqueue.role, [{ actions: ["sqs:SendMessage"], resources: [queue.arn] }], opts);
    const enqueueFunctionUrl = new aws.lambda.FunctionUrl(
        `${name}-enqueue-url`,
        { functionName: enqueue.function.name, authorizationType: "AWS_IAM" },
        opts,
    );

    return {
        queue,
        deadLetterQueue,
        deadLetterAlarm,
        ...(table && { table }),
        worker,
        workerPolicy,
        eventSourceMapping,
        enqueue,
        enqueuePolicy,
        enqueueFunctionUrl,
        enqueueUrl: enqueueFunctionUrl.functionUrl,
        queueName: queue.name,
        deadLetterName: deadLetterQueue.name,
    };
};
