import { strict as assert } from "node:assert";
import { createServer, IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFunctionConfig } from "../../handlers/config";
import type { Message } from "../../handlers/contracts";
import { blobPoisonStore, PoisonStore } from "../../handlers/queues/blob-poison-store";
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
                // As Event Grid does, the whole batch is refused (400) when one of its events is invalid.
                const invalid = status === 200 && (JSON.parse(body) as { type: string }[]).some((e) => e.type === "NotForEventGrid");
                res.statusCode = invalid ? 400 : status;
                res.end(
                    invalid
                        ? '{"error":{"code":"BadRequest","message":"invalid event"}}'
                        : status === 200
                          ? ""
                          : '{"error":{"code":"Unauthorized"}}',
                );
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/events`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => (received.length = 0));

    /** A poison store that records what it keeps, or refuses while `down`. */
    const kept: { id: string; reason: string }[] = [];
    let poisonDown = false;
    const poison: PoisonStore = {
        async keep(message, reason) {
            if (poisonDown) throw new Error("storage unavailable");
            kept.push({ id: message.id, reason });
        },
    };
    beforeEach(() => (kept.length = 0));
    const quietly = async <T>(fn: () => Promise<T>): Promise<T> => {
        const original = console.error;
        console.error = () => {};
        try {
            return await fn();
        } finally {
            console.error = original;
        }
    };
    const documentMessage = (doc: Record<string, unknown>): Message => ({
        id: String(doc.id),
        body: JSON.stringify(doc),
        attempt: 1,
        receivedAt: new Date(),
        attributes: {},
    });

    it("posts the batch as CloudEvents with an Entra ID bearer token", async () => {
        const failed = await eventGridPublisher(endpoint, async () => "token-1", poison)(messages);
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
            assert.deepEqual(await eventGridPublisher(endpoint, async () => "expired", poison)(messages), ["1", "2"]);
        } finally {
            console.error = original;
            status = 200;
        }
        assert.deepEqual(kept, [], "a topic that is down is no reason to set anything aside");
    });

    it("keeps a document that is not an event in the poison store and publishes the rest: the feed moves on", async () => {
        const notAnEvent = documentMessage({ id: "settings", theme: "dark", _lsn: 9 });
        const failed = await quietly(() => eventGridPublisher(endpoint, async () => "t", poison)([messages[0], notAnEvent, messages[1]]));
        assert.deepEqual(failed, []);
        assert.deepEqual(
            kept.map((k) => k.id),
            ["settings"],
        );
        assert.match(kept[0].reason, /^not an event document: streamId must be a non-empty string; version must be an integer >= 1/);
        assert.deepEqual(
            (JSON.parse(received[0].body) as { id: string }[]).map((e) => e.id),
            [changeFeedDocuments[0].eventId, changeFeedDocuments[1].eventId],
        );
    });

    it("when Event Grid refuses the batch for one event, publishes the others one by one and keeps the refused one aside", async () => {
        const refused = documentMessage({ ...changeFeedDocuments[1], id: "3", eventId: "e-3", version: 3, type: "NotForEventGrid" });
        const failed = await quietly(() => eventGridPublisher(endpoint, async () => "t", poison)([messages[0], refused, messages[1]]));
        assert.deepEqual(failed, []);
        assert.deepEqual(
            kept.map((k) => k.id),
            ["3"],
        );
        assert.match(kept[0].reason, /^Event Grid answered 400/);
        const published = received
            .filter((r) => !r.body.includes("NotForEventGrid"))
            .flatMap((r) => (JSON.parse(r.body) as { id: string }[]).map((e) => e.id));
        assert.deepEqual(published, [changeFeedDocuments[0].eventId, changeFeedDocuments[1].eventId]);
    });

    it("reports a poison document failed while the poison store is down, so the batch comes back and nothing is lost", async () => {
        poisonDown = true;
        try {
            const failed = await quietly(() =>
                eventGridPublisher(endpoint, async () => "t", poison)([messages[0], documentMessage({ id: "x" })]),
            );
            assert.deepEqual(failed, ["x"]);
        } finally {
            poisonDown = false;
        }
    });
});

// No Azurite here: a real HTTP server on 127.0.0.1 answers as the Blob REST API's Put Blob does (201 Created).
describe("blob poison store (Put Blob REST, Entra ID bearer token)", () => {
    let server: Server;
    let container: string;
    let answer = 201;
    const puts: { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }[] = [];
    before(async () => {
        server = createServer((req, res) => {
            let body = "";
            req.on("data", (c) => (body += c)).on("end", () => {
                puts.push({ method: req.method, url: req.url, headers: req.headers, body });
                res.statusCode = answer;
                res.end(answer === 201 ? "" : "<Error><Code>AuthorizationPermissionMismatch</Code></Error>");
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        container = `http://127.0.0.1:${(server.address() as AddressInfo).port}/poison`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("writes one block blob per document, named by id and change-feed position, with the reason and the document", async () => {
        const message: Message = {
            id: "doc/1",
            body: '{"id":"doc/1","_lsn":42}',
            attempt: 2,
            receivedAt: new Date("2026-12-01T12:00:00Z"),
            attributes: {},
        };
        await blobPoisonStore(container, async () => "storage-token").keep(message, "not an event document");
        const [put] = puts;
        assert.deepEqual([put.method, put.url], ["PUT", "/poison/doc%2F1@42.json"]);
        assert.equal(put.headers.authorization, "Bearer storage-token");
        assert.equal(put.headers["x-ms-blob-type"], "BlockBlob");
        assert.ok(String(put.headers["x-ms-version"]) >= "2017-11-09", "a Blob API version that takes OAuth tokens");
        assert.deepEqual(JSON.parse(put.body), {
            reason: "not an event document",
            id: "doc/1",
            receivedAt: "2026-12-01T12:00:00.000Z",
            document: '{"id":"doc/1","_lsn":42}',
        });
    });

    it("throws unless the blob was created, naming the status", async () => {
        answer = 403;
        try {
            const message: Message = { id: "d", body: "{}", attempt: 1, receivedAt: new Date(), attributes: {} };
            await assert.rejects(
                blobPoisonStore(container, async () => "t").keep(message, "r"),
                /Blob storage answered 403 keeping poison document d/,
            );
        } finally {
            answer = 201;
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
