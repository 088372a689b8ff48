import * as assert from "node:assert/strict";
import { usePeer } from "../support/peers";

describe("peer: cosmos (@vercel/cosmosdb-server)", () => {
    const peer = usePeer("cosmos");

    it("creates a database and container, writes a document and reads it back", async () => {
        const client = peer.client();
        try {
            const { database } = await client.databases.createIfNotExists({ id: peer.namespace });
            const { container } = await database.containers.createIfNotExists({ id: "items", partitionKey: { paths: ["/pk"] } });
            const created = await container.items.create({ id: "a", pk: "p1", n: 1 });
            const { resource } = await container.item("a", "p1").read<{ id: string; n: number }>();
            assert.equal(resource?.n, 1);
            // ifMatch with a stale etag is refused with 412, as on the real service.
            await container.item("a", "p1").replace({ id: "a", pk: "p1", n: 2 });
            await assert.rejects(
                container
                    .item("a", "p1")
                    .replace({ id: "a", pk: "p1", n: 3 }, { accessCondition: { type: "IfMatch", condition: created.etag! } }),
                (error: { code?: number }) => error.code === 412,
            );
        } finally {
            client.dispose();
        }
    });
});
