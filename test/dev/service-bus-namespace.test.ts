/**
 * The Service Bus stand-in of `cloud-patterns dev` (plan/dev/queues/service-bus-namespace.ts).
 * No Service Bus emulator runs here, so the spec is Microsoft's documentation: Send Message over
 * REST (201, 401 without a token, 410 for a missing queue, BrokerProperties and application
 * properties in headers), duplicate detection, and peek-lock delivery with `maxDeliveryCount`,
 * lock expiry and dead-lettering (`MaxDeliveryCountExceeded`, forwarded or kept in the subqueue).
 * The sends are made by the bundles' own REST sender (handlers/queues/service-bus-rest.ts).
 */
import * as assert from "node:assert/strict";
import { serviceBusQueueSender } from "../../handlers/queues/service-bus-rest";
import { faultDraws } from "../../plan/dev/faults";
import {
    LocalServiceBusNamespace,
    ServiceBusNamespaceOptions,
    ServiceBusTriggerMetadata,
    startServiceBusNamespace,
} from "../../plan/dev/queues/service-bus-namespace";

const NAMESPACE = "bus.servicebus.windows.net";

describe("Service Bus stand-in", () => {
    let bus: LocalServiceBusNamespace | undefined;
    const logs: string[] = [];
    afterEach(async () => {
        await bus?.stop();
        bus = undefined;
        logs.length = 0;
    });

    const start = async (over: Partial<ServiceBusNamespaceOptions> = {}) => {
        bus = await startServiceBusNamespace({
            queues: [
                { name: "work", maxDeliveryCount: 3, lockDurationMs: 60_000, forwardDeadLetteredMessagesTo: "dead-letters" },
                { name: "dead-letters", maxDeliveryCount: 10, lockDurationMs: 60_000 },
                { name: "deduplicated", maxDeliveryCount: 10, lockDurationMs: 60_000, duplicateDetectionWindowMs: 600_000 },
                { name: "short-lock", maxDeliveryCount: 2, lockDurationMs: 20 },
            ],
            acceptsToken: (t) => t === "issued",
            seed: 1,
            log: (l) => logs.push(l),
            ...over,
        });
        return bus;
    };
    const sender = (b: LocalServiceBusNamespace, queue: string, token = "issued") =>
        serviceBusQueueSender(NAMESPACE, queue, { endpoint: b.endpoint, token: async () => token });
    const message = (messageId: string) => ({
        body: '{"paymentId":"p-1"}',
        contentType: "application/json",
        messageId,
        applicationProperties: { "idempotency-key": messageId, "retry-prior-attempts": 2 },
    });
    const until = async (done: () => boolean) => {
        while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
    };

    it("takes Send Message with a token the identity issued: 201, the broker and application properties kept; 401 and 410 otherwise", async () => {
        const b = await start();
        await sender(b, "work").sendMessages(message("m-1"));
        const [stored] = b.received("work");
        assert.equal(stored.messageId, "m-1");
        assert.equal(stored.body, '{"paymentId":"p-1"}');
        assert.equal(stored.contentType, "application/json");
        // A quoted header value is a string property, a bare one a number.
        assert.deepEqual(stored.applicationProperties, { "idempotency-key": "m-1", "retry-prior-attempts": 2 });
        await assert.rejects(sender(b, "work", "forged").sendMessages(message("m-2")), /401/);
        await assert.rejects(sender(b, "missing").sendMessages(message("m-3")), /410/);
        assert.equal(b.received("work").length, 1);
    });

    it("holds a scheduled message until its ScheduledEnqueueTimeUtc (RFC 1123, to the second)", async () => {
        const b = await start();
        const at = new Date(Date.UTC(2030, 0, 1, 12, 0, 30, 750));
        await sender(b, "work").scheduleMessages(message("later"), at);
        assert.equal(b.pending("work")[0].availableAt, Date.UTC(2030, 0, 1, 12, 0, 30));
    });

    it("drops a MessageId sent again within the duplicate detection window, and only on a queue that has it", async () => {
        const b = await start();
        await sender(b, "deduplicated").sendMessages(message("same"));
        await sender(b, "deduplicated").sendMessages(message("same"));
        await sender(b, "work").sendMessages(message("same"));
        await sender(b, "work").sendMessages(message("same"));
        assert.equal(b.received("deduplicated").length, 1);
        assert.equal(b.received("work").length, 2);
    });

    it("delivers with the trigger's binding data and completes on success", async () => {
        const b = await start();
        const seen: ServiceBusTriggerMetadata[] = [];
        b.startTrigger("work", async (_body, metadata) => void seen.push(metadata));
        await sender(b, "work").sendMessages(message("ok-1"));
        await until(() => b.pending("work").length === 0 && seen.length === 1);
        assert.equal(seen[0].messageId, "ok-1");
        assert.equal(seen[0].deliveryCount, 1);
        assert.deepEqual(seen[0].applicationProperties, { "idempotency-key": "ok-1", "retry-prior-attempts": 2 });
        assert.deepEqual(
            b.deliveries.map((d) => d.outcome),
            ["completed"],
        );
    });

    it("redelivers an abandoned message, then dead-letters it after exactly maxDeliveryCount deliveries, forwarded", async () => {
        const b = await start();
        const counts: number[] = [];
        b.startTrigger("work", async (_body, metadata) => {
            counts.push(metadata.deliveryCount);
            throw new Error("invocation failed");
        });
        await sender(b, "work").sendMessages(message("poison"));
        await until(() => b.received("dead-letters").length === 1);
        assert.deepEqual(counts, [1, 2, 3]);
        const [letter] = b.received("dead-letters");
        assert.equal(letter.messageId, "poison");
        assert.equal(letter.deadLetterReason, "MaxDeliveryCountExceeded");
        assert.equal(b.pending("work").length, 0);
        assert.equal(b.deadLettered("work").length, 0);
    });

    it("makes a message whose lock expired available again, the dropped delivery counted; without forwarding the letter stays in $DeadLetterQueue", async () => {
        // A seed whose first draw drops the first delivery.
        const seed = Array.from({ length: 100 }, (_, s) => s).find((s) => faultDraws(s, "queue")() < 0.5)!;
        const b = await start({ faults: { drop: 0.5, duplicate: 0 }, seed });
        const counts: number[] = [];
        b.startTrigger("short-lock", async (_body, metadata) => {
            counts.push(metadata.deliveryCount);
            throw new Error("invocation failed");
        });
        await sender(b, "short-lock").sendMessages(message("locked"));
        await until(() => b.deadLettered("short-lock").length === 1);
        assert.equal(b.deliveries[0].outcome, "dropped");
        assert.equal(b.deliveries.length, 2);
        // The drop spent delivery 1: the function saw at most delivery 2, then the message was dead-lettered.
        assert.deepEqual(counts, b.deliveries[1].outcome === "dropped" ? [] : [2]);
        assert.equal(b.deadLettered("short-lock")[0].deadLetterReason, "MaxDeliveryCountExceeded");
    });

    it("delivers again a message whose lock was lost during the invocation (a duplicate), with the next delivery count", async () => {
        const b = await start({ faults: { drop: 0, duplicate: 1 } });
        const counts: number[] = [];
        b.startTrigger("work", async (_body, metadata) => void counts.push(metadata.deliveryCount));
        await sender(b, "work").sendMessages(message("twice"));
        await until(() => b.received("dead-letters").length === 1);
        // Every completion refused: maxDeliveryCount (3) deliveries, then dead-lettered.
        assert.deepEqual(counts, [1, 2, 3]);
        assert.ok(b.deliveries.every((d) => d.outcome === "lock lost"));
    });
});
