import * as assert from "node:assert/strict";
import { usePeer } from "../support/peers";

describe("peer: spanner (gcloud emulator)", () => {
    const peer = usePeer("spanner");

    it("creates a database, inserts a row in a read-write transaction and reads it back", async () => {
        const database = await peer.createDatabase(["CREATE TABLE items (id STRING(64) NOT NULL, n INT64 NOT NULL) PRIMARY KEY (id)"]);
        try {
            await database.runTransactionAsync(async (transaction) => {
                transaction.insert("items", { id: "a", n: 1 });
                await transaction.commit();
            });
            const [rows] = await database.run({ sql: "SELECT id, n FROM items", json: true });
            assert.deepEqual(rows, [{ id: "a", n: 1 }]);
            // A second insert of the same key is refused (ALREADY_EXISTS = 6).
            await assert.rejects(database.table("items").insert({ id: "a", n: 2 }), (error: { code?: number }) => error.code === 6);
        } finally {
            await database.close();
        }
    });
});
