/**
 * The functions' SQS calls over the JSON protocol, against the local SQS that `cloud-patterns dev`
 * runs (plan/dev/queues/sqs-queue.ts, written from SQS's documented rules; there is no SQS
 * emulator among the project's peers): the producer's SendMessage with its idempotency
 * attribute, the worker's dead letter, and SQS's errors by name.
 */
import { strict as assert } from "node:assert";
import { SqsProducer } from "../../handlers/queues/sqs";
import { sqsApi } from "../../handlers/queues/sqs-api";
import { SqsDeadLetterSink } from "../../handlers/queues/sqs-retry";
import { AwsServiceError } from "../../handlers/stores/clients/aws-json";
import { LocalSqsQueue, startSqsQueue } from "../../plan/dev/queues/sqs-queue";

describe("SQS over the JSON protocol (the local SQS of cloud-patterns dev)", function () {
    this.timeout(30_000);
    let queue: LocalSqsQueue;
    let sqs: ReturnType<typeof sqsApi>;

    before(async () => {
        queue = await startSqsQueue({
            queueName: "work",
            deadLetterQueueName: "work-dead-letters",
            visibilityTimeoutSeconds: 30,
            maxReceiveCount: 3,
            batchSize: 10,
            seed: 1,
            log: () => undefined,
        });
        sqs = sqsApi({ endpoint: queue.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    });
    after(() => queue.stop());

    it("enqueues with SendMessage: SQS's message id back, the body's MD5 checked", async () => {
        const { messageId } = await new SqsProducer(sqs, queue.queueUrl).enqueue('{"orderId":"o-1"}', { idempotencyKey: "order-1" });
        assert.equal(queue.history.get(messageId)?.state, "queued");
    });

    it("dead-letters with the reason attributes", async () => {
        const sink = new SqsDeadLetterSink(sqs, queue.deadLetterQueueUrl);
        await sink.deadLetter({ id: "m-1", body: '{"n":1}', attempt: 3, receivedAt: new Date(0), attributes: {} }, "handler threw", 3);
        const [letter] = queue.deadLetters;
        assert.equal(letter.body, '{"n":1}');
        assert.equal(letter.by, "worker");
        assert.equal(letter.attributes["dead-letter-reason"], "handler threw");
    });

    it("names SQS's refusals by their shape", async () => {
        const stale = await sqs
            .changeMessageVisibility({ QueueUrl: queue.queueUrl, ReceiptHandle: "not-current", VisibilityTimeout: 1 })
            .catch((e: unknown) => e);
        assert.ok(stale instanceof AwsServiceError);
        assert.equal(stale.code, "ReceiptHandleIsInvalid");
        const missing = await sqs
            .sendMessage({ QueueUrl: `${queue.endpoint}/000000000000/nope`, MessageBody: "{}" })
            .catch((e: unknown) => e);
        assert.ok(missing instanceof AwsServiceError);
        assert.equal(missing.code, "AWS.SimpleQueueService.NonExistentQueue");
    });
});
