/**
 * GCP publishing from the store: an Eventarc Firestore `document.v1.created` event -> the
 * firestore-document adapter -> the publisher -> Pub/Sub. No Eventarc emulator exists, so the
 * events are recorded payloads: binary-mode CloudEvents whose body is `DocumentEventData`
 * encoded with Firestore's own `google.firestore.v1.Document` proto (the one
 * @google-cloud/firestore ships, a devDependency for this alone; Eventarc's
 * `google.events.cloud.firestore.v1.Document` has the same field numbers), so the decoder is
 * checked against an encoder it shares nothing with. Publishing runs against the real Pub/Sub
 * emulator, over its REST API.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import type { Server } from "node:http";
import * as path from "node:path";
import * as functions from "@google-cloud/functions-framework";
import { getTestServer } from "@google-cloud/functions-framework/testing";
import { tmpdir } from "node:os";
import { Root, Writer } from "protobufjs";
import { Cloud } from "../../components/cloud";
import { firestorePublisherBundle } from "../../components/event-sourcing/functions";
import { bundleFunction, GCP_ENTRY_POINT } from "../../components/platform/bundle";
import { writeBundle } from "../../components/platform/bundle-write";
import type { Message } from "../../handlers/contracts";
import { firestorePublisher } from "../../handlers/event-sourcing/firestore-publisher";
import { pubsubPublisher } from "../../handlers/queues/pubsub-publisher";
import { gcpFirestoreDocument } from "../../handlers/runtimes/gcp-firestore";
import { usePeer } from "../support/peers";
import { httpCall, listenLocally, quietConsoleError } from "../runtimes/support";

const firestoreProtos = Root.fromJSON(
    JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve("@google-cloud/firestore")), "../protos/v1.json"), "utf8")),
);
const FirestoreDocument = firestoreProtos.lookupType("google.firestore.v1.Document");

const DATABASE = "es-events";
const DOCUMENT = "streams/acc%2F9/events/0000000002";
const EVENT_ID = "0d9b1a52-7c1e-4e8e-9f0a-2b9f7f3c1a02";

/** `DocumentEventData { value = 1 }` holding the event document firestore.ts writes for version 2 of stream `acc/9`. */
function recordedEventData(fields: Record<string, object> = eventFields()): Buffer {
    const document = FirestoreDocument.encode(
        FirestoreDocument.fromObject({
            name: `projects/p1/databases/${DATABASE}/documents/${DOCUMENT}`,
            fields,
            createTime: { seconds: 1706713260, nanos: 0 },
            updateTime: { seconds: 1706713260, nanos: 0 },
        }),
    ).finish();
    return Buffer.from(
        Writer.create()
            .uint32((1 << 3) | 2)
            .bytes(document)
            .finish(),
    );
}

function eventFields(): Record<string, object> {
    return {
        version: { integerValue: 2 },
        eventId: { stringValue: EVENT_ID },
        type: { stringValue: "MoneyDeposited" },
        data: { stringValue: '{"amount":200}' },
        metadata: { stringValue: '{"by":"teller"}' },
        recordedAt: { timestampValue: { seconds: 1706713260, nanos: 123_456_789 } },
    };
}

/** The CloudEvent attributes Eventarc sets on a Firestore event (binary content mode). */
const CE_HEADERS = {
    "ce-specversion": "1.0",
    "ce-id": "f3b1e5c2-0000-4a5e-9f0a-7d2c4b1a0e11",
    "ce-source": `//firestore.googleapis.com/projects/p1/databases/${DATABASE}`,
    "ce-type": "google.cloud.firestore.document.v1.created",
    "ce-subject": `documents/${DOCUMENT}`,
    "ce-time": "2024-01-31T15:01:00.123456Z",
    "ce-database": DATABASE,
    "ce-namespace": "(default)",
    "ce-document": DOCUMENT,
    "ce-location": "us-central1",
    "ce-project": "p1",
    "content-type": "application/protobuf",
};

function cloudEvent(data: Buffer): functions.CloudEvent<unknown> & { document: string; database: string } {
    return {
        specversion: "1.0",
        id: CE_HEADERS["ce-id"],
        source: CE_HEADERS["ce-source"],
        type: CE_HEADERS["ce-type"],
        time: CE_HEADERS["ce-time"],
        document: DOCUMENT,
        database: DATABASE,
        data,
    };
}

describe("runtimes/gcp gcpFirestoreDocument (functions-framework test server, recorded Eventarc Firestore event)", () => {
    const delivered: Message[] = [];
    let fail = false;
    let server: Server;
    let url = "";
    before(async () => {
        functions.cloudEvent(
            "es-firestore-document",
            gcpFirestoreDocument(async (messages) => {
                delivered.push(...messages);
                return fail ? messages.map((m) => m.id) : [];
            }),
        );
        server = getTestServer("es-firestore-document");
        url = await listenLocally(server);
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("decodes the protobuf DocumentEventData into one message: the document's fields as JSON, the CloudEvent id and attributes", async () => {
        const res = await httpCall(url, { method: "POST", headers: CE_HEADERS, body: recordedEventData() });
        assert.equal(res.status, 204, res.body.toString());
        assert.equal(delivered.length, 1);
        const [message] = delivered;
        assert.equal(message.id, CE_HEADERS["ce-id"]);
        assert.deepEqual(message.attributes, { type: CE_HEADERS["ce-type"], document: DOCUMENT, database: DATABASE });
        assert.equal(message.receivedAt.toISOString(), "2024-01-31T15:01:00.123Z");
        assert.deepEqual(JSON.parse(message.body), {
            value: {
                name: `projects/p1/databases/${DATABASE}/documents/${DOCUMENT}`,
                fields: {
                    version: 2,
                    eventId: EVENT_ID,
                    type: "MoneyDeposited",
                    data: '{"amount":200}',
                    metadata: '{"by":"teller"}',
                    recordedAt: "2024-01-31T15:01:00.123Z",
                },
            },
        });
    });

    it("decodes maps, arrays, booleans, doubles and nulls too", async () => {
        delivered.length = 0;
        const fields = {
            nested: {
                mapValue: {
                    fields: {
                        list: { arrayValue: { values: [{ booleanValue: true }, { doubleValue: 1.5 }, { nullValue: "NULL_VALUE" }] } },
                    },
                },
            },
        };
        assert.equal((await httpCall(url, { method: "POST", headers: CE_HEADERS, body: recordedEventData(fields) })).status, 204);
        assert.deepEqual(JSON.parse(delivered[0].body).value.fields, { nested: { list: [true, 1.5, null] } });
    });

    it("answers non-2xx when the handler fails the message, so Eventarc retries it", async () => {
        fail = true;
        try {
            const { value } = await quietConsoleError(() =>
                httpCall(url, { method: "POST", headers: CE_HEADERS, body: recordedEventData() }),
            );
            assert.equal(value.status, 500);
        } finally {
            fail = false;
        }
    });

    it("fails an event that carries no protobuf payload instead of acknowledging it", async () => {
        const { value } = await quietConsoleError(() =>
            httpCall(url, { method: "POST", headers: { ...CE_HEADERS, "content-type": "application/json" }, body: '{"value":{}}' }),
        );
        assert.equal(value.status, 500);
    });
});

describe("GCP event publisher (recorded Firestore event -> real Pub/Sub emulator)", function () {
    this.timeout(120_000);
    const peer = usePeer("pubsub");
    let topicPath = "";

    /** A topic with an ordered subscription, `${name}-reader`; returns the topic's full name. */
    const createTopic = async (name: string): Promise<string> => {
        const topic = await peer.createTopic(name);
        await peer.createSubscription(`${name}-reader`, topic, { enableMessageOrdering: true });
        return topic;
    };

    before(async () => {
        topicPath = await createTopic("es-events");
    });

    /** Every message the subscription delivers within `ms`, acknowledged. */
    const receive = (name: string, ms = 3000) => peer.receive(`projects/${peer.projectId}/subscriptions/${name}`, ms);

    it("publishes the stored event once, as a CloudEvent with the stream as ordering key and the event id as attribute", async () => {
        await gcpFirestoreDocument(firestorePublisher(pubsubPublisher(peer.topic(topicPath))))(cloudEvent(recordedEventData()));
        const received = await receive("es-events-reader");
        assert.equal(received.length, 1);
        const [message] = received;
        assert.equal(message.orderingKey, "acc/9");
        assert.deepEqual(message.attributes, { eventId: EVENT_ID, stream: "acc/9", version: "2", type: "MoneyDeposited" });
        assert.deepEqual(JSON.parse(message.data.toString("utf8")), {
            specversion: "1.0",
            id: EVENT_ID,
            source: "cloud-patterns/event-sourcing",
            type: "MoneyDeposited",
            subject: "acc/9",
            time: "2024-01-31T15:01:00.123Z",
            datacontenttype: "application/json",
            data: { stream: "acc/9", version: 2, data: { amount: 200 }, metadata: { by: "teller" } },
        });
    });

    it("throws when the publish fails (so Eventarc retries), and the retry publishes once the topic takes it", async () => {
        const fn = gcpFirestoreDocument(firestorePublisher(pubsubPublisher(peer.topic(`projects/${peer.projectId}/topics/es-late`))));
        const first = await quietConsoleError(() =>
            fn(cloudEvent(recordedEventData())).then(
                () => undefined,
                (err: Error) => err,
            ),
        );
        assert.match(
            String(first.value?.message),
            /Firestore event .* \(streams\/acc%2F9\/events\/0000000002\) failed; Eventarc will retry it/,
        );
        assert.match(first.logged, /was not published[\s\S]*NOT_FOUND/);
        // The publish failed on a missing topic; once it exists, Eventarc's retry goes through on the same client.
        await createTopic("es-late");
        await fn(cloudEvent(recordedEventData()));
        assert.equal((await receive("es-late-reader")).length, 1);
    });

    it("fails a document that is not an event document rather than publishing it", async () => {
        const fn = gcpFirestoreDocument(firestorePublisher(pubsubPublisher(peer.topic(topicPath))));
        const { version: _dropped, ...fields } = eventFields();
        const { value, logged } = await quietConsoleError(() =>
            fn(cloudEvent(recordedEventData(fields))).then(
                () => undefined,
                (err: Error) => err,
            ),
        );
        assert.match(String(value?.message), /failed; Eventarc will retry it/);
        assert.match(logged, /field 'version' is not a number/);
        assert.equal((await receive("es-events-reader", 1500)).length, 0);
    });

    /** The deployed bundle, loaded as Cloud Functions loads it, with its settings and the emulator's environment, given `events`. */
    const runBundled = async (settings: object, events: readonly ReturnType<typeof cloudEvent>[]): Promise<(Error | undefined)[]> => {
        const dir = fs.mkdtempSync(path.join(tmpdir(), "es-publisher-"));
        writeBundle(bundleFunction(firestorePublisherBundle(), Cloud.Gcp, "es-publisher"), dir);
        const saved = { ...process.env };
        Object.assign(process.env, peer.env, { GOOGLE_CLOUD_PROJECT: peer.projectId, CLOUD_PATTERNS_CONFIG: JSON.stringify(settings) });
        try {
            const deployed = require(path.join(dir, "index.js"))[GCP_ENTRY_POINT] as (event: unknown) => Promise<void>;
            const outcomes: (Error | undefined)[] = [];
            for (const event of events)
                outcomes.push(
                    await deployed(event).then(
                        () => undefined,
                        (err: Error) => err,
                    ),
                );
            return outcomes;
        } finally {
            for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
            Object.assign(process.env, saved);
        }
    };

    it("runs as the deployed bundle: settings from CLOUD_PATTERNS_CONFIG, the client from the environment", async () => {
        const topic = await createTopic("es-bundled");
        const deadLetters = { topic: await createTopic("es-bundled-dead-letters"), maxAgeSeconds: 3600 };
        assert.deepEqual(await runBundled({ topic, deadLetters }, [cloudEvent(recordedEventData())]), [undefined]);
        const received = await receive("es-bundled-reader");
        assert.deepEqual(
            received.map((m) => [m.orderingKey, m.attributes.eventId]),
            [["acc/9", EVENT_ID]],
        );
        assert.equal((await receive("es-bundled-dead-letters-reader", 1500)).length, 0, "nothing dead-lettered");
    });

    it("dead-letters, whole, an event document still failing an hour after it was stored, and acknowledges it; a younger one is retried", async () => {
        const topic = await createTopic("es-poisoned");
        const deadLetters = { topic: await createTopic("es-poisoned-dead-letters"), maxAgeSeconds: 3600 };
        const { version: _dropped, ...fields } = eventFields();
        const stored = (ago: number) => ({
            ...cloudEvent(recordedEventData(fields)),
            time: new Date(Date.now() - ago * 1000).toISOString(),
        });
        const { value: outcomes } = await quietConsoleError(() => runBundled({ topic, deadLetters }, [stored(60), stored(3600)]));
        assert.match(String(outcomes[0]?.message), /failed; Eventarc will retry it/, "a minute old: failed, so Eventarc retries it");
        assert.equal(outcomes[1], undefined, "an hour old: acknowledged, so Eventarc's 24 hours never drop it unseen");
        const [dead, ...more] = await receive("es-poisoned-dead-letters-reader");
        assert.deepEqual(more, []);
        assert.deepEqual(
            { ...dead.attributes },
            {
                type: "google.cloud.firestore.document.v1.created",
                document: DOCUMENT,
                database: DATABASE,
                change: CE_HEADERS["ce-id"],
                attempt: "1",
            },
        );
        assert.equal(
            JSON.parse(dead.data.toString("utf8")).value.name,
            `projects/p1/databases/${DATABASE}/documents/${DOCUMENT}`,
            "the document event as it came",
        );
        assert.equal((await receive("es-poisoned-reader", 1500)).length, 0, "nothing published");
    });
});
