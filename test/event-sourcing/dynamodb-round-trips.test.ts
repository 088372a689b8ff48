import { strict as assert } from "node:assert";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoEventLog } from "../../handlers/stores/event-store/dynamodb";
import { createEventStore } from "../../handlers/stores/event-store/event-store";
import { VersionConflictError } from "../../handlers/stores/event-store/port";
import { usePeer } from "../support/peers";
import { createEventTables } from "../fixtures/event-sourcing/dynamodb-tables";

// Requests, not time, counted under the client's signing (each one it sends to DynamoDB Local, by its X-Amz-Target):
// an append with an expected version is one request, as one conditional write is; `any` and
// `stream-exists` read the head first. The contract suite (dynamodb.contract.test.ts) checks the results.
describe("DynamoDB event log: one request per append with an expected version", function () {
    const peer = usePeer("dynamodb-local");
    const sent: string[] = [];
    let store: ReturnType<typeof createEventStore>;

    before(async () => {
        const tables = await createEventTables(peer.client(), `trips-${peer.namespace}`);
        const client = dynamoDocumentClient({
            ...peer.clientConfig,
            fetch: (url, init) => {
                sent.push(init.headers["x-amz-target"].replace(/^DynamoDB_20120810\./, ""));
                return fetch(url, init);
            },
        });
        store = createEventStore(dynamoEventLog(client, tables));
    });

    it("sends one write per append for no-stream and a version, two for stream-exists and any", async () => {
        sent.length = 0;
        await store.appendToStream("trips-1", [{ type: "Opened", data: {} }], { expectedVersion: "no-stream" });
        await store.appendToStream("trips-1", [{ type: "Deposited", data: { amount: 1 } }], { expectedVersion: 1 });
        await store.appendToStream(
            "trips-1",
            [
                { type: "Deposited", data: {} },
                { type: "Deposited", data: {} },
            ],
            { expectedVersion: 2 },
        );
        assert.deepEqual(sent, ["PutItem", "TransactWriteItems", "TransactWriteItems"]);
        sent.length = 0;
        await store.appendToStream("trips-1", [{ type: "Deposited", data: {} }], { expectedVersion: "stream-exists" });
        await store.appendToStream("trips-1", [{ type: "Deposited", data: {} }]);
        assert.deepEqual(sent, ["Query", "PutItem", "Query", "PutItem"]);
        assert.deepEqual(
            (await store.readStream("trips-1")).map((e) => e.version),
            [1, 2, 3, 4, 5, 6],
        );
    });

    it("reads the head only to report a conflict", async () => {
        await store.appendToStream("trips-2", [{ type: "Opened", data: {} }]);
        for (const expectedVersion of [0, 2]) {
            sent.length = 0;
            const refused = await store
                .appendToStream("trips-2", [{ type: "Deposited", data: {} }], { expectedVersion })
                .catch((e: unknown) => e);
            assert.ok(refused instanceof VersionConflictError, String(refused));
            assert.equal(refused.actual, 1);
            assert.equal(sent.length, 2, sent.join());
        }
    });
});
