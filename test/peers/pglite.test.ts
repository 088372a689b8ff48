import * as assert from "node:assert/strict";
import { usePeer } from "../support/peers";

describe("peer: pglite", () => {
    const peer = usePeer("pglite");

    it("creates a table in the suite's schema, inserts a row and selects it back", async () => {
        await peer.db.exec("create table items (id text primary key, n int not null)");
        await peer.db.query("insert into items values ($1, $2)", ["a", 1]);
        const { rows } = await peer.db.query<{ id: string; n: number }>("select id, n from items");
        assert.deepEqual(rows, [{ id: "a", n: 1 }]);
        const { rows: located } = await peer.db.query<{ schema: string }>(
            "select table_schema as schema from information_schema.tables where table_name = 'items'",
        );
        assert.deepEqual(located, [{ schema: peer.schema }]);
    });
});
