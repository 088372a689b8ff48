import * as assert from "node:assert/strict";
import { usePeer } from "../support/peers";

describe("peer: firestore (gcloud emulator)", () => {
    const peer = usePeer("firestore");

    it("writes a document, reads it back, refuses a create on an existing id, and clears the project", async () => {
        const db = peer.client();
        try {
            const doc = db.collection("items").doc("a");
            await doc.create({ n: 1 });
            assert.deepEqual((await doc.get()).data(), { n: 1 });
            await assert.rejects(doc.create({ n: 2 }), (error: { code?: number }) => error.code === 6 /* ALREADY_EXISTS */);
            await peer.clear();
            assert.equal((await doc.get()).exists, false);
        } finally {
            await db.terminate();
        }
    });

    it("leaves process.env alone (clients get the host explicitly)", () => {
        assert.equal(process.env.FIRESTORE_EMULATOR_HOST, undefined);
        assert.equal(peer.env.FIRESTORE_EMULATOR_HOST, `${peer.host}:${peer.port}`);
    });
});
