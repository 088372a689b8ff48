import { strict as assert } from "node:assert";
import { createServer, IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFunctionConfig } from "../../handlers/config";
import type { Message } from "../../handlers/contracts";
import { eventGridPublisher } from "../../handlers/queues/event-grid-publisher";
import { parseEventSourcingSettings } from "../../handlers/event-sourcing/settings";

// No Cosmos DB change feed or Event Grid emulator exists: the documents below are recorded in the
// shape the change feed delivers (the adapter's Message bodies), and a real HTTP server on
// 127.0.0.1 stands in for the topic endpoint.
const changeFeedDocuments = [
    {
        id: "1",
        streamId: "acc-9",
        version: 1,
        eventId: "0d9b1a52-7c1e-4e8e-9f0a-2b9f7f3c1a01",
        type: "AccountOpened",
        data: { initial_balance: 0 },
        metadata: {},
        recordedAt: "2024-01-31T15:00:00.000Z",
        _rid: "x",
        _ts: 1706713200,
        _lsn: 7,
        _etag: '"0000"',
    },
    {
        id: "2",
        streamId: "acc-9",
        version: 2,
        eventId: "0d9b1a52-7c1e-4e8e-9f0a-2b9f7f3c1a02",
        type: "MoneyDeposited",
        data: { amount: 200 },
        metadata: { by: "teller" },
        recordedAt: "2024-01-31T15:01:00.000Z",
        _rid: "y",
        _ts: 1706713260,
        _lsn: 8,
        _etag: '"0001"',
    },
];
const messages: Message[] = changeFeedDocuments.map((d) => ({
    id: d.id,
    body: JSON.stringify(d),
    attempt: 1,
    receivedAt: new Date(d._ts * 1000),
    attributes: {},
}));

describe("Event Grid publisher (Cosmos DB change feed -> Event Grid topic)", () => {
    let server: Server;
    let endpoint: string;
    let status = 200;
    const received: { headers: IncomingMessage["headers"]; body: string }[] = [];

    before(async () => {
        server = createServer((req, res) => {
            let body = "";
            req.on("data", (c) => (body += c)).on("end", () => {
                received.push({ headers: req.headers, body });
                res.statusCode = status;
                res.end(status === 200 ? "" : '{"error":{"code":"Unauthorized"}}');
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("posts the batch as CloudEvents with an Entra ID bearer token", async () => {
        const failed = await eventGridPublisher(endpoint, async () => "token-1")(messages);
        assert.deepEqual(failed, []);
        const [request] = received;
        assert.equal(request.headers.authorization, "Bearer token-1");
        assert.match(String(request.headers["content-type"]), /^application\/cloudevents-batch\+json/);
        assert.deepEqual(JSON.parse(request.body), [
            {
                specversion: "1.0",
                id: "0d9b1a52-7c1e-4e8e-9f0a-2b9f7f3c1a01",
                source: "cloud-patterns/event-sourcing",
                type: "AccountOpened",
                subject: "acc-9",
                time: "2024-01-31T15:00:00.000Z",
                datacontenttype: "application/json",
                data: { stream: "acc-9", version: 1, data: { initial_balance: 0 }, metadata: {} },
            },
            {
                specversion: "1.0",
                id: "0d9b1a52-7c1e-4e8e-9f0a-2b9f7f3c1a02",
                source: "cloud-patterns/event-sourcing",
                type: "MoneyDeposited",
                subject: "acc-9",
                time: "2024-01-31T15:01:00.000Z",
                datacontenttype: "application/json",
                data: { stream: "acc-9", version: 2, data: { amount: 200 }, metadata: { by: "teller" } },
            },
        ]);
    });

    it("fails every message of the batch when the topic refuses it, so the change feed redelivers", async () => {
        status = 401;
        const original = console.error;
        console.error = () => {};
        try {
            assert.deepEqual(await eventGridPublisher(endpoint, async () => "expired")(messages), ["1", "2"]);
        } finally {
            console.error = original;
            status = 200;
        }
    });
});

describe("event sourcing settings (CLOUD_PATTERNS_CONFIG)", () => {
    const read = (doc: unknown) => readFunctionConfig(parseEventSourcingSettings, { CLOUD_PATTERNS_CONFIG: JSON.stringify(doc) });

    it("reads each store kind and applies the defaults", () => {
        assert.deepEqual(read({ store: { kind: "dynamodb", eventsTable: "e", snapshotsTable: "s" } }), {
            store: { kind: "dynamodb", eventsTable: "e", snapshotsTable: "s" },
            snapshotEvery: 100,
        });
        assert.deepEqual(read({ store: { kind: "firestore", databaseId: "es" }, snapshotEvery: 0 }), {
            store: { kind: "firestore", databaseId: "es", collection: "streams" },
            snapshotEvery: 0,
        });
        const pg = read({
            store: {
                kind: "postgres",
                host: "db",
                database: "events",
                user: "app",
                password: { provider: "aws", secretId: "arn:aws:secretsmanager:x" },
            },
        });
        assert.deepEqual(pg.store, {
            kind: "postgres",
            host: "db",
            port: 5432,
            database: "events",
            user: "app",
            auth: { kind: "password", password: { provider: "aws", secretId: "arn:aws:secretsmanager:x" } },
        });
        assert.deepEqual(read({ store: { kind: "postgres", host: "db", database: "d", user: "app", auth: "azure-entra" } }).store, {
            kind: "postgres",
            host: "db",
            port: 5432,
            database: "d",
            user: "app",
            auth: { kind: "azure-entra" },
        });
    });

    it("names the bad field", () => {
        assert.throws(
            () => read({ store: { kind: "mongo" } }),
            /'store.kind' must be one of dynamodb, cosmos, firestore, postgres, got "mongo"/,
        );
        assert.throws(() => read({ store: { kind: "cosmos", endpoint: "https://a" } }), /'store.database' must be a non-empty string/);
        assert.throws(
            () => read({ store: { kind: "dynamodb", eventsTable: "e", snapshotsTable: "s" }, snapshotEvery: -1 }),
            /'snapshotEvery' must be a number from 0 to 100000, got -1/,
        );
        assert.throws(
            () => read({ store: { kind: "postgres", host: "db", database: "d", user: "u", password: "hunter2" } }),
            /'store.password' must be an object/,
        );
        assert.throws(
            () => read({ store: { kind: "postgres", host: "db", database: "d", user: "u", auth: "trust" } }),
            /'store.auth' must be one of password, azure-entra, gcp-iam, got "trust"/,
        );
    });
});
