/** Lambda behind the HTTP API: POST work, 202 with the SQS message id. */
import { HttpHandler } from "../../contracts";
import { atColdStart } from "../../cold-start";
import { ConfigError } from "../../config";
import { SqsProducer } from "../../queues/sqs";
import { sqsApi } from "../../queues/sqs-api";
import { enqueueHandler } from "../enqueue";
import { readEnqueueSettings } from "../settings";

const handler = atColdStart(() => {
    const { queue, maxBodyBytes } = readEnqueueSettings();
    if (queue.kind !== "sqs") throw new ConfigError(`'queue.kind' must be sqs on AWS, got ${JSON.stringify(queue.kind)}`);
    return enqueueHandler(new SqsProducer(sqsApi(), queue.queueUrl), maxBodyBytes);
});

export const enqueue: HttpHandler = async (request) => handler()(request);
