import * as assert from "node:assert/strict";
import type { Message } from "@google-cloud/pubsub";
import { usePeer } from "../support/peers";

describe("peer: pubsub (gcloud emulator)", () => {
    const peer = usePeer("pubsub");

    it("creates a topic and subscription, publishes a message and receives it", async () => {
        const client = peer.client();
        try {
            const [topic] = await client.createTopic("orders");
            const [subscription] = await topic.createSubscription("orders-worker");
            const received = new Promise<Message>((resolve, reject) => {
                subscription.once("message", resolve);
                subscription.once("error", reject);
            });
            await topic.publishMessage({ data: Buffer.from("hello"), attributes: { kind: "greeting" } });
            const message = await received;
            message.ack();
            assert.equal(message.data.toString(), "hello");
            assert.deepEqual(message.attributes, { kind: "greeting" });
            await subscription.close();
        } finally {
            await client.close();
        }
    });
});
