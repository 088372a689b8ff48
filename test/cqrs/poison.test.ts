/**
 * A poison change (the projection throws) on Azure and GCP, whose triggers have no dead-letter
 * destination the component can set: the change feed retries a failed batch without end, and an
 * Eventarc Pub/Sub trigger redelivers until Eventarc gives up. The projector's dead-letter sink
 * (handlers/cqrs/dead-letters.ts) takes it after the bounded attempts or age, on the real peers
 * (Cosmos DB: @vercel/cosmosdb-server; Pub/Sub: gcloud's emulator), through each cloud's runtime
 * adapter, and the feed moves on. The read store is the OpenSearch stand-in (plan/dev/stand-ins/opensearch.ts):
 * what these tests check is the dead-letter path, which is the same whatever the read store.
 * (AWS: aws-end-to-end.test.ts, where the Lambda mapping's on-failure destination takes it.)
 */
import { strict as assert } from "node:assert";
import type { Container } from "@azure/cosmos";
import { InvocationContext } from "@azure/functions";
import type { CloudEvent } from "@google-cloud/functions-framework";
import { Cloud } from "../../components/cloud";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { CHANGE_DECODERS } from "../../handlers/cqrs/changes";
import { cosmosDeadLetterSink } from "../../handlers/cqrs/cosmos-dead-letters";
import { withDeadLetters } from "../../handlers/cqrs/dead-letters";
import { createProjector } from "../../handlers/cqrs/projector";
import { pubSubDeadLetterSink } from "../../handlers/cqrs/pubsub-dead-letters";
import type { ChangeSourceKind } from "../../handlers/cqrs/settings-document";
import { azureCosmosChangeFeed } from "../../handlers/runtimes/azure";
import { gcpPubSub, type PubSubMessageData } from "../../handlers/runtimes/gcp";
import { openSearchReadModel } from "../../handlers/stores/read-model/opensearch";
import * as priceBand from "../fixtures/cqrs/price-band";
import { usePeer } from "../support/peers";
import { CATALOG } from "./component-fixture";
import { openSearchStandIn } from "../../plan/dev/stand-ins/opensearch";

function projectorOn(cloud: Cloud, source: ChangeSourceKind) {
    const { readModel } = resolveCqrsArgs("cat", cloud, CATALOG);
    const search = openSearchStandIn("products");
    const store = openSearchReadModel(search.fetch, "https://search.example.com", "products", readModel);
    return { search, projector: createProjector({ readModel, store, decode: CHANGE_DECODERS[source], projection: priceBand }) };
}

/** A write-model document as the Cosmos DB change feed delivers it (latest version mode: the item with its system properties). */
const feedDocument = (id: string, version: number, document: object, lsn: number) => ({
    id,
    version,
    deleted: false,
    body: JSON.stringify({ id, ...document }),
    _rid: "AAAAAA==",
    _self: `dbs/AAAA==/colls/AAAAAA==/docs/${id}/`,
    _etag: `"0000${lsn}-0000-0000-0000-000000000000"`,
    _ts: 1764583200,
    _lsn: lsn,
});

describe("CQRS poison change on Azure (Cosmos DB change feed -> dead-letter container)", function () {
    this.timeout(60_000);
    const peer = usePeer("cosmos");
    let client: ReturnType<typeof peer.client>;
    let deadLetters: Container;
    before(async () => {
        client = peer.client();
        const { database } = await client.databases.createIfNotExists({ id: `cqrs-poison-${peer.namespace}` });
        ({ container: deadLetters } = await database.containers.createIfNotExists({
            id: "dead-letters",
            partitionKey: { paths: ["/id"] },
        }));
    });
    after(() => client?.dispose());

    it("after maxAttempts deliveries of the batch the poison change is kept whole in the container, the batch succeeds, and the feed moves on", async () => {
        const { search, projector } = projectorOn(Cloud.Azure, "cosmos-change-feed");
        const at = new Date("2026-12-01T10:00:00.000Z");
        const trigger = azureCosmosChangeFeed(
            withDeadLetters(
                projector,
                { maxAttempts: 3 },
                cosmosDeadLetterSink(peer.rest().database(deadLetters.database.id).container(deadLetters.id), () => at),
            ),
        );
        const batch = [
            feedDocument("chair", 1, { name: "Office chair", category: "seating", price: 120 }, 11),
            feedDocument("broken", 1, { name: "Broken", category: "seating", price: 5, poison: true }, 12),
            feedDocument("mug", 1, { name: "Coffee mug", category: "kitchen", price: 8 }, 13),
        ];
        // The function's retry policy redelivers the same batch: retryContext.retryCount 0, 1, 2.
        const deliver = (retryCount: number, documents: unknown[] = batch) =>
            trigger(documents, new InvocationContext({ retryContext: { retryCount, maxRetryCount: -1 } }));
        await assert.rejects(deliver(0), /1 of 3 change feed documents failed \(broken\)/);
        await assert.rejects(deliver(1), /\(broken\)/);
        assert.deepEqual((await deadLetters.items.readAll().fetchAll()).resources, []);
        await deliver(2);

        const { resources } = await deadLetters.items.query("SELECT c.id, c.change, c.attempt, c.body, c.deadLetteredAt FROM c").fetchAll();
        assert.deepEqual(resources, [
            { id: "broken-3", change: "broken", attempt: 3, body: JSON.stringify(batch[1]), deadLetteredAt: at.toISOString() },
        ]);
        assert.deepEqual([...search.documents.keys()].sort(), ["chair", "mug"]);

        // The checkpoint moved past the batch: the next one is projected on its first delivery.
        await deliver(0, [feedDocument("lamp", 1, { name: "Desk lamp", category: "lighting", price: 25 }, 14)]);
        assert.deepEqual([...search.documents.keys()].sort(), ["chair", "lamp", "mug"]);
    });
});

describe("CQRS poison change on GCP (Eventarc Pub/Sub -> dead-letter topic)", function () {
    this.timeout(60_000);
    const peer = usePeer("pubsub");
    let topic: string;
    let held: string;
    before(async () => {
        topic = await peer.createTopic(`cqrs-dead-letters-${peer.namespace}`);
        held = await peer.createSubscription(`cqrs-dead-letters-held-${peer.namespace}`, topic);
    });

    /** A Spanner data change record as the Spanner change streams to Pub/Sub template publishes it. */
    const changeRecord = (id: string, version: number, document: object) => ({
        partitionToken: "__8BAYEG",
        commitTimestamp: "2026-12-01T10:00:00.000Z",
        tableName: "Products",
        mods: [
            {
                keysJson: JSON.stringify({ Id: id }),
                newValuesJson: JSON.stringify({ Version: String(version), Deleted: false, Body: JSON.stringify({ id, ...document }) }),
            },
        ],
        modType: "UPDATE",
        valueCaptureType: "NEW_ROW",
    });
    /** The CloudEvent Eventarc pushes: no deliveryAttempt (its subscription has no dead-letter policy), publishTime kept across redeliveries. */
    const event = (messageId: string, record: object, publishTime: string): CloudEvent<PubSubMessageData> => ({
        specversion: "1.0",
        id: messageId,
        source: "//pubsub.googleapis.com/projects/shop/topics/cat-changes",
        type: "google.cloud.pubsub.topic.v1.messagePublished",
        data: {
            message: {
                data: Buffer.from(JSON.stringify(record)).toString("base64"),
                messageId,
                publishTime,
                attributes: { table: "Products" },
            },
            subscription: "projects/shop/subscriptions/eventarc-cat-projector",
        },
    });

    it("a change still failing maxAgeSeconds after it was published is published to the dead-letter topic as it came, and acknowledged", async () => {
        const { search, projector } = projectorOn(Cloud.Gcp, "spanner-change-stream");
        const published = new Date("2026-12-01T10:00:00.000Z");
        let clock = new Date(published.getTime() + 10_000);
        // The emulator serves Pub/Sub's REST API on its port too, without tokens.
        const sink = pubSubDeadLetterSink(topic, { endpoint: peer.endpoint, token: null });
        const trigger = gcpPubSub(withDeadLetters(projector, { maxAgeSeconds: 3600 }, sink, () => clock));
        const poison = changeRecord("broken", 1, { name: "Broken", category: "seating", price: 5, poison: true });

        await assert.rejects(trigger(event("m-1", poison, published.toISOString())), /Pub\/Sub message m-1 failed/);
        // Redelivered an hour later: given up on, published to the dead-letter topic, and acknowledged.
        clock = new Date(published.getTime() + 3_600_000);
        await trigger(event("m-1", poison, published.toISOString()));
        const [received, ...more] = await peer.receive(held, 1500);
        assert.deepEqual(more, []);
        assert.deepEqual(JSON.parse(received.data.toString("utf8")), poison);
        assert.deepEqual(received.attributes, { table: "Products", change: "m-1", attempt: "1" });

        // The messages after it are projected as they come.
        await trigger(event("m-2", changeRecord("mug", 1, { name: "Coffee mug", category: "kitchen", price: 8 }), clock.toISOString()));
        assert.deepEqual([...search.documents.keys()], ["mug"]);
        assert.deepEqual([search.documents.get("mug")!.price, search.documents.get("mug")!.cqrsVersion], [8, 1]);
    });
});
