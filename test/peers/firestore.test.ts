import * as assert from "node:assert/strict";
import { GoogleApiError } from "../../handlers/stores/clients/google-rest";
import { usePeer } from "../support/peers";

describe("peer: firestore (gcloud emulator)", () => {
    const peer = usePeer("firestore");

    it("writes a document, reads it back, refuses a create on an existing id, and clears the project", async () => {
        const db = peer.client();
        await db.commit([{ set: "items/a", exists: false, data: { n: 1 } }]);
        assert.deepEqual(await db.get("items/a"), { n: 1 });
        await assert.rejects(
            db.commit([{ set: "items/a", exists: false, data: { n: 2 } }]),
            (error: unknown) => error instanceof GoogleApiError && error.status === "ALREADY_EXISTS",
        );
        await peer.clear();
        assert.equal(await db.get("items/a"), undefined);
    });

    it("leaves process.env alone (clients get the host explicitly)", () => {
        assert.equal(process.env.FIRESTORE_EMULATOR_HOST, undefined);
        assert.equal(peer.env.FIRESTORE_EMULATOR_HOST, `${peer.host}:${peer.port}`);
    });
});
