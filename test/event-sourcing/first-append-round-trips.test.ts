import { strict as assert } from "node:assert";
import { cosmosEventLog } from "../../handlers/stores/event-store/cosmos";
import { createEventStore } from "../../handlers/stores/event-store/event-store";
import { firestoreEventLog } from "../../handlers/stores/event-store/firestore";
import type { EventLog } from "../../handlers/stores/event-store/log";
import { VersionConflictError } from "../../handlers/stores/event-store/port";
import { usePeer } from "../support/peers";

// Calls to the log, not time, on the adapters without appendAfterHead (each call is one request
// to the database): a new stream's first append is the insert alone, its version 1 the guard;
// the head is read for an expected version, and for `no-stream` only to report a conflict.
// bench/event-store-round-trips.bench.ts counts the same at HTTP; the contract suites check results.
/** `bind` runs in the suite's body (where usePeer binds the peer) and returns how to open the log. */
function firstAppendRoundTrips(name: string, bind: () => () => Promise<EventLog>): void {
    describe(`${name} event log: a new stream's first append in one request`, function () {
        const open = bind();
        const calls: string[] = [];
        let store: ReturnType<typeof createEventStore>;

        before(async () => {
            const log = await open();
            store = createEventStore({
                ...log,
                head: (stream) => (calls.push("head"), log.head(stream)),
                insert: (events) => (calls.push("insert"), log.insert(events)),
            });
        });

        it("inserts version 1 without reading the head; an expected version reads it first", async () => {
            calls.length = 0;
            await store.appendToStream("first-1", [{ type: "Opened", data: {} }], { expectedVersion: "no-stream" });
            assert.deepEqual(calls.splice(0), ["insert"]);
            await store.appendToStream("first-1", [{ type: "Deposited", data: {} }], { expectedVersion: 1 });
            assert.deepEqual(calls.splice(0), ["head", "insert"]);
            assert.deepEqual(
                (await store.readStream("first-1")).map((e) => [e.version, e.type]),
                [
                    [1, "Opened"],
                    [2, "Deposited"],
                ],
            );
        });

        it("reads the head only to report that the stream exists, storing nothing", async () => {
            await store.appendToStream("first-2", [{ type: "Opened", data: {} }]);
            calls.length = 0;
            const refused = await store
                .appendToStream("first-2", [{ type: "Opened", data: { again: true } }], { expectedVersion: "no-stream" })
                .catch((e: unknown) => e);
            assert.ok(refused instanceof VersionConflictError, String(refused));
            assert.equal(refused.actual, 1);
            assert.deepEqual(calls, ["insert", "head"]);
            assert.equal((await store.readStream("first-2")).length, 1);
        });
    });
}

firstAppendRoundTrips("Cosmos DB (@vercel/cosmosdb-server)", () => {
    const peer = usePeer("cosmos");
    return async () => {
        const client = peer.client();
        const { database } = await client.databases.createIfNotExists({ id: `first-${peer.namespace}` });
        const partitionKey = { paths: ["/streamId"] };
        await database.containers.createIfNotExists({ id: "events", partitionKey });
        await database.containers.createIfNotExists({ id: "snapshots", partitionKey });
        await client.dispose();
        const rest = peer.rest().database(database.id);
        return cosmosEventLog({ events: rest.container("events"), snapshots: rest.container("snapshots") });
    };
});

firstAppendRoundTrips("Firestore (emulator)", () => {
    const peer = usePeer("firestore");
    return async () => firestoreEventLog(peer.client());
});
