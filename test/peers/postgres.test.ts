import * as assert from "node:assert/strict";
import type { Client } from "pg";
import { usePeer } from "../support/peers";

describe("peer: postgres (private cluster)", () => {
    const shared = usePeer("postgres");

    it("creates a table, inserts a row and selects it back", async () => {
        const client = shared.client();
        await client.connect();
        try {
            await client.query(`create table "${shared.namespace}" (id text primary key, n int not null)`);
            await client.query(`insert into "${shared.namespace}" values ($1, $2)`, ["a", 1]);
            const { rows } = await client.query(`select id, n from "${shared.namespace}"`);
            assert.deepEqual(rows, [{ id: "a", n: 1 }]);
            await assert.rejects(client.query(`insert into "${shared.namespace}" values ('a', 2)`), { code: "23505" });
        } finally {
            await client.end();
        }
    });

    describe("with freshDatabase", () => {
        const fresh = usePeer("postgres", { freshDatabase: true });

        it("gives the suite a database of its own on the same server", async () => {
            assert.notEqual(fresh.database, "postgres");
            assert.equal(fresh.endpoint, shared.endpoint);
            const client = fresh.client();
            await client.connect();
            try {
                const { rows } = await client.query("select current_database() as name");
                assert.equal(rows[0].name, fresh.database);
            } finally {
                await client.end();
            }
        });
    });

    describe("a suite whose own after() still uses its database", () => {
        const peer = usePeer("postgres", { freshDatabase: true });
        let client: Client;

        before(async () => {
            client = peer.client();
            await client.connect();
        });

        after(async () => {
            // Runs before the peer drops the suite's database (which would cut this connection).
            const { rows } = await client.query("select current_database() as name");
            assert.equal(rows[0].name, database);
            await client.end();
        });

        let database = "";
        it("is given its database", () => {
            database = peer.database;
            assert.notEqual(database, "postgres");
        });
    });
});
