import * as assert from "node:assert/strict";
import { QueueServiceClient } from "@azure/storage-queue";
import { usePeer } from "../support/peers";

describe("peer: azurite", () => {
    const peer = usePeer("azurite");

    it("creates a queue, sends a message, receives and deletes it", async () => {
        const queue = QueueServiceClient.fromConnectionString(peer.connectionString).getQueueClient(`${peer.namespace}-jobs`);
        await queue.create();
        await queue.sendMessage("hello");
        const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 1 });
        assert.equal(receivedMessageItems.length, 1);
        assert.equal(receivedMessageItems[0].messageText, "hello");
        await queue.deleteMessage(receivedMessageItems[0].messageId, receivedMessageItems[0].popReceipt);
        const { receivedMessageItems: none } = await queue.receiveMessages({ numberOfMessages: 1 });
        assert.equal(none.length, 0);
    });
});
