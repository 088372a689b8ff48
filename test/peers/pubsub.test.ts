import * as assert from "node:assert/strict";
import { usePeer } from "../support/peers";

describe("peer: pubsub (gcloud emulator)", () => {
    const peer = usePeer("pubsub");

    it("creates a topic and subscription, publishes a message and receives it", async () => {
        const topic = await peer.createTopic("orders");
        const subscription = await peer.createSubscription("orders-worker", topic);
        await peer.topic(topic).publish([{ data: "hello", attributes: { kind: "greeting" } }]);
        const [message, ...more] = await peer.receive(subscription, 1500);
        assert.deepEqual(more, []);
        assert.equal(message.data.toString(), "hello");
        assert.deepEqual(message.attributes, { kind: "greeting" });
    });
});
