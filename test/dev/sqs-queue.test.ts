/**
 * The local SQS of `cloud-patterns dev` (plan/dev/queues/sqs-queue.ts), driven by the AWS SDK's
 * SQS client, so the queue answers as SQS does to more than the functions' own JSON-protocol calls
 * (test/retry/sqs-api.test.ts runs those against it): SendMessage (its MD5 checked by the SDK), ChangeMessageVisibility,
 * redelivery after the visibility timeout, the redrive policy at maxReceiveCount, and the
 * seeded `queue` faults (a dropped delivery still counts as a receive; a duplicate is delivered twice).
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import * as assert from "node:assert/strict";
import type { QueueFaults } from "../../plan/dev/faults";
import { DeliverBatch, LocalSqsQueue, startSqsQueue } from "../../plan/dev/queues/sqs-queue";

type Record = { messageId: string; receiptHandle: string; attributes: { ApproximateReceiveCount: string } };

describe("dev: the local SQS queue", function () {
    this.timeout(30_000);
    let queue: LocalSqsQueue | undefined;
    let sqs: SQSClient | undefined;
    const lines: string[] = [];

    async function start(options: { maxReceiveCount: number; visibilityTimeoutSeconds: number; faults?: QueueFaults; seed?: number }) {
        lines.length = 0;
        queue = await startSqsQueue({
            queueName: "work",
            deadLetterQueueName: "work-dead-letters",
            batchSize: 10,
            seed: options.seed ?? 1,
            log: (line) => lines.push(line),
            ...options,
        });
        sqs = new SQSClient({ endpoint: queue.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
        return queue;
    }

    async function send(body: string): Promise<string> {
        const { MessageId } = await sqs!.send(new SendMessageCommand({ QueueUrl: queue!.queueUrl, MessageBody: body }));
        return MessageId!;
    }

    async function until(done: () => boolean): Promise<void> {
        while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    }

    afterEach(async () => {
        sqs?.destroy();
        await queue?.stop();
        queue = undefined;
    });

    it("deletes a message the worker does not report failed, after one delivery", async () => {
        const q = await start({ maxReceiveCount: 3, visibilityTimeoutSeconds: 30 });
        const delivered: Record[] = [];
        q.startDelivering(async (records) => (delivered.push(...(records as Record[])), []));
        const id = await send('{"n":1}');
        await until(() => q.history.get(id)?.state === "deleted");
        assert.equal(delivered.length, 1);
        assert.equal(delivered[0].attributes.ApproximateReceiveCount, "1");
        assert.deepEqual(q.deadLetters, []);
    });

    it("redelivers a failed message when ChangeMessageVisibility's timeout ends, and the redrive policy moves it past maxReceiveCount", async () => {
        const q = await start({ maxReceiveCount: 3, visibilityTimeoutSeconds: 600 });
        const counts: string[] = [];
        const deliver: DeliverBatch = async (records) => {
            for (const r of records as Record[]) {
                counts.push(r.attributes.ApproximateReceiveCount);
                // The worker's backoff: hidden for 0 s, so the redelivery is not the queue's 600 s default.
                await sqs!.send(
                    new ChangeMessageVisibilityCommand({ QueueUrl: q.queueUrl, ReceiptHandle: r.receiptHandle, VisibilityTimeout: 0 }),
                );
            }
            return (records as Record[]).map((r) => r.messageId);
        };
        q.startDelivering(deliver);
        const id = await send('{"n":2}');
        await until(() => q.history.get(id)?.state === "dead-lettered");
        assert.deepEqual(counts, ["1", "2", "3"]);
        assert.deepEqual(
            q.deadLetters.map((d) => [d.messageId, d.by]),
            [[id, "redrive policy"]],
        );
    });

    it("takes a letter the worker sends to the dead-letter queue, with its attributes", async () => {
        const q = await start({ maxReceiveCount: 3, visibilityTimeoutSeconds: 30 });
        await sqs!.send(
            new SendMessageCommand({
                QueueUrl: q.deadLetterQueueUrl,
                MessageBody: "{}",
                MessageAttributes: { "dead-letter-reason": { DataType: "String", StringValue: "permanent error" } },
            }),
        );
        assert.deepEqual(
            q.deadLetters.map((d) => [d.by, d.attributes["dead-letter-reason"]]),
            [["worker", "permanent error"]],
        );
    });

    it("queue: drop=1 loses every delivery, each still a receive, until the redrive policy moves the message", async () => {
        const q = await start({ maxReceiveCount: 2, visibilityTimeoutSeconds: 1, faults: { drop: 1, duplicate: 0 } });
        let invocations = 0;
        q.startDelivering(async () => (invocations++, []));
        const id = await send('{"n":3}');
        await until(() => q.history.get(id)?.state === "dead-lettered");
        assert.equal(invocations, 0);
        assert.equal(q.history.get(id)!.receives, 2);
        assert.equal(lines.filter((l) => l.includes("dropped (fault injected); visible again in 1 s")).length, 2);
    });

    it("queue: duplicate=1 delivers the message twice, in two invocations", async () => {
        const q = await start({ maxReceiveCount: 3, visibilityTimeoutSeconds: 30, faults: { drop: 0, duplicate: 1 } });
        const invocations: string[][] = [];
        q.startDelivering(async (records) => (invocations.push((records as Record[]).map((r) => r.messageId)), []));
        const id = await send('{"n":4}');
        await until(() => q.history.get(id)?.state === "deleted");
        assert.deepEqual(invocations, [[id], [id]]);
        assert.equal(q.history.get(id)!.deliveries, 2);
    });

    it("draws the same drops for the same seed", async () => {
        const dropsFor = async (seed: number) => {
            const q = await start({ maxReceiveCount: 1, visibilityTimeoutSeconds: 0, faults: { drop: 0.5, duplicate: 0 }, seed });
            q.startDelivering(async () => []);
            const ids: string[] = [];
            for (let i = 0; i < 12; i++) ids.push(await send(`{"n":${i}}`));
            await until(() => ids.every((id) => q.history.get(id)!.state !== "queued"));
            const pattern = ids.map((id) => (q.history.get(id)!.state === "deleted" ? "d" : "x")).join("");
            sqs!.destroy();
            await q.stop();
            queue = undefined;
            return pattern;
        };
        const first = await dropsFor(11);
        assert.equal(await dropsFor(11), first);
        assert.match(first, /x/);
        assert.match(first, /d/);
    });
});
