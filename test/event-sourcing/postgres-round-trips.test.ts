import { strict as assert } from "node:assert";
import { createEventStore } from "../../handlers/stores/event-store/event-store";
import { VersionConflictError } from "../../handlers/stores/event-store/port";
import { eventStoreSchema, postgresEventLog } from "../../handlers/stores/event-store/postgres";
import { usePeer } from "../support/peers";

// Round trips, not time: the append checks the expected version inside its INSERT, so the
// database is asked once per append whatever the expectation, and once more only to report a
// conflict. The contract suite (pglite/postgres.contract.test.ts) checks the results are right.
describe("PostgreSQL event log: one round trip per append", function () {
    const peer = usePeer("pglite");
    const statements: string[] = [];

    before(async () => peer.db.exec(eventStoreSchema()));

    const store = () =>
        createEventStore(
            postgresEventLog({
                query: (text: string, params?: unknown[]) => {
                    statements.push(text);
                    return peer.db.query(text, params);
                },
            }),
        );

    it("appends with each expectation in one statement", async () => {
        const events = store();
        statements.length = 0;
        await events.appendToStream("trips-1", [{ type: "Opened", data: {} }], { expectedVersion: "no-stream" });
        await events.appendToStream("trips-1", [{ type: "Deposited", data: { amount: 1 } }], { expectedVersion: 1 });
        await events.appendToStream("trips-1", [{ type: "Deposited", data: { amount: 2 } }], { expectedVersion: "stream-exists" });
        await events.appendToStream("trips-1", [
            { type: "Deposited", data: { amount: 3 } },
            { type: "Deposited", data: {} },
        ]);
        assert.equal(statements.length, 4);
        assert.deepEqual(
            (await events.readStream("trips-1")).map((e) => e.version),
            [1, 2, 3, 4, 5],
        );
    });

    it("reports a conflict with the head's version, reading the head only then", async () => {
        const events = store();
        await events.appendToStream("trips-2", [{ type: "Opened", data: {} }]);
        statements.length = 0;
        const refused = await events
            .appendToStream("trips-2", [{ type: "Deposited", data: {} }], { expectedVersion: 0 })
            .catch((e: unknown) => e);
        assert.ok(refused instanceof VersionConflictError, String(refused));
        assert.equal(refused.actual, 1);
        assert.equal(statements.length, 2);
    });
});
