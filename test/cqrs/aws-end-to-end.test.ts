/**
 * End to end on loopback, AWS shape: the command handler on DynamoDB Local, the table's stream read
 * as the Lambda mapping reads it into the projector (through the same runtime adapter its bundle
 * uses), the OpenSearch adapter against a stand-in that answers with the documented response
 * shapes (plan/dev/stand-ins/opensearch.ts: no OpenSearch server here), and the query handler on top.
 */
import { strict as assert } from "node:assert";
import * as priceRules from "../fixtures/cqrs/price-rules";
import * as priceBand from "../fixtures/cqrs/price-band";
import { resolveCqrsArgs } from "../../components/cqrs/resolve";
import { Cloud } from "../../components/cloud";
import { CHANGE_DECODERS } from "../../handlers/cqrs/changes";
import { createCommandHandler } from "../../handlers/cqrs/command";
import { createProjector } from "../../handlers/cqrs/projector";
import { createQueryHandler } from "../../handlers/cqrs/query";
import { lambdaDynamoDbStream } from "../../handlers/runtimes/aws";
import { DynamoDocumentClient, dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { dynamoDocumentStore } from "../../handlers/stores/documents/dynamodb";
import { openSearchReadModel } from "../../handlers/stores/read-model/opensearch";
import { usePeer } from "../support/peers";
import { CATALOG } from "./component-fixture";
import { createWriteTable, runMapping, streamRecords, streamsClient } from "./dynamodb-stream";
import { openSearchStandIn } from "../../plan/dev/stand-ins/opensearch";

const { readModel } = resolveCqrsArgs("cat", Cloud.Aws, {
    ...CATALOG,
    readModel: { ...CATALOG.readModel, fields: { ...CATALOG.readModel.fields, band: "string" }, facetable: ["band"] },
});

describe("CQRS end to end on loopback (DynamoDB Local -> stream -> projector -> read store -> query)", function () {
    this.timeout(120_000);
    const peer = usePeer("dynamodb-local");
    let client: DynamoDocumentClient;
    let streamArn: string;
    let command: (r: Request) => Promise<Response>;
    const search = openSearchStandIn("products");
    const readStore = openSearchReadModel(search.fetch, "https://search-cat.us-east-1.es.amazonaws.com", "products", readModel);
    const query = createQueryHandler({ readModel, store: readStore });
    const projector = lambdaDynamoDbStream(
        createProjector({ readModel, store: readStore, decode: CHANGE_DECODERS["dynamodb-stream"], projection: priceBand }),
    );
    const send = (
        handler: (r: Request) => Promise<Response>,
        method: string,
        path: string,
        body?: unknown,
        headers: Record<string, string> = {},
    ) =>
        handler(
            new Request(`https://api.example.com${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
        );

    before(async () => {
        const table = `cqrs-e2e-${peer.namespace}`;
        streamArn = await createWriteTable(peer, table);
        client = dynamoDocumentClient(peer.clientConfig);
        command = createCommandHandler({ entity: "products", key: "id", store: dynamoDocumentStore(client, table), module: priceRules });
    });

    it("a command's version is readable once projected; before that the query answers 503 with Retry-After", async () => {
        const created = await send(command, "PUT", "/products/lamp", {
            name: "Desk lamp",
            category: "lighting",
            price: 25,
            tags: ["desk"],
        });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get("etag"), '"1"');
        const early = await send(query, "GET", "/products/lamp?minVersion=1");
        assert.equal(early.status, 503);
        assert.equal(early.headers.get("retry-after"), "1");
        assert.equal(early.headers.get("content-type"), "application/problem+json");

        const run = await runMapping(await streamRecords(streamsClient(peer), streamArn), projector, { batchSize: 100, maxRetries: 2 });
        assert.deepEqual(run.deadLettered, []);
        const read = await send(query, "GET", "/products/lamp?minVersion=1");
        assert.equal(read.status, 200);
        assert.deepEqual(await read.json(), {
            id: "lamp",
            version: 1,
            document: { id: "lamp", name: "Desk lamp", category: "lighting", price: 25, tags: ["desk"], band: "standard" },
        });
    });

    it("If-Match with a stale version is 409 with the current version; a refused command is 422 naming the reason", async () => {
        const stale = await send(command, "PATCH", "/products/lamp", { price: 30 }, { "if-match": '"7"' });
        assert.equal(stale.status, 409);
        assert.equal(stale.headers.get("etag"), '"1"');
        assert.equal(((await stale.json()) as { currentVersion: number }).currentVersion, 1);
        const refused = await send(command, "PATCH", "/products/lamp", { price: -1 });
        assert.equal(refused.status, 422);
        assert.deepEqual(await refused.json(), {
            type: "about:blank",
            title: "Command refused",
            status: 422,
            detail: "price must be a positive number, got -1",
            instance: "/products/lamp",
            requestId: "",
            reason: "price must be a positive number, got -1",
        });
    });

    it("a poison change reaches the dead-letter destination after the bounded retries; the changes after it in the batch are projected", async () => {
        const before = (await streamRecords(streamsClient(peer), streamArn)).length;
        for (const [id, body] of [
            ["chair", { name: "Office chair", category: "seating", price: 120 }],
            ["broken", { name: "Broken", category: "seating", price: 5, poison: true }],
            ["mug", { name: "Coffee mug", category: "kitchen", price: 8 }],
        ] as const) {
            assert.equal((await send(command, "PUT", `/products/${id}`, body)).status, 201);
        }
        const records = (await streamRecords(streamsClient(peer), streamArn)).slice(before);
        const run = await runMapping(records, projector, { batchSize: 10, maxRetries: 2 });
        const poison = records.find((r) => r.dynamodb?.Keys?.id?.S === "broken")!.dynamodb!.SequenceNumber!;
        assert.deepEqual(run.deadLettered, [poison]);
        // 3 first delivered; each of the 2 retries resumes from the poison (poison + mug); once dead-lettered, the mug alone.
        assert.equal(run.deliveries, 3 + 2 * 2 + 1);
        assert.deepEqual([...search.documents.keys()].sort(), ["chair", "lamp", "mug"]);

        const page = await send(query, "GET", "/products?filter=price%3E%3D8&sort=-price&limit=2");
        const body = (await page.json()) as { items: { id: string }[]; next?: string };
        assert.deepEqual(
            body.items.map((i) => i.id),
            ["chair", "lamp"],
        );
        const next = await send(query, "GET", `/products?filter=price%3E%3D8&sort=-price&limit=2&cursor=${body.next}`);
        assert.deepEqual(
            ((await next.json()) as { items: { id: string }[] }).items.map((i) => i.id),
            ["mug"],
        );
    });

    it("a redelivered (or late, older) change never overwrites a newer read document", async () => {
        assert.equal((await send(command, "PATCH", "/products/mug", { price: 9 }, { "if-match": '"1"' })).status, 200);
        const all = await streamRecords(streamsClient(peer), streamArn);
        const mugChanges = all.filter((r) => r.dynamodb?.Keys?.id?.S === "mug");
        await runMapping([mugChanges[1]], projector, { batchSize: 10, maxRetries: 0 });
        assert.equal(search.documents.get("mug")!.price, 9);
        // The older change again, alone: skipped, the read document stays at version 2.
        await runMapping([mugChanges[0]], projector, { batchSize: 10, maxRetries: 0 });
        assert.deepEqual([search.documents.get("mug")!.price, search.documents.get("mug")!.cqrsVersion], [9, 2]);
    });

    it("PUT replaces (200), DELETE leaves a tombstone the read model follows (404), and a PUT after it continues the version", async () => {
        const before = (await streamRecords(streamsClient(peer), streamArn)).length;
        const replaced = await send(command, "PUT", "/products/chair", { name: "Desk chair", category: "seating", price: 150 });
        assert.deepEqual([replaced.status, replaced.headers.get("etag")], [200, '"2"']);
        // Without the chair's version, If-None-Match: * refuses to create over a live document.
        assert.equal((await send(command, "PUT", "/products/chair", { price: 1 }, { "if-none-match": "*" })).status, 409);

        const deleted = await send(command, "DELETE", "/products/chair", undefined, { "if-match": '"2"' });
        assert.deepEqual([deleted.status, deleted.headers.get("etag")], [200, '"3"']);
        assert.deepEqual(await deleted.json(), { id: "chair", version: 3, deleted: true });
        // Deleting again answers 404: only live documents take PATCH and DELETE.
        assert.equal((await send(command, "DELETE", "/products/chair")).status, 404);
        assert.equal((await send(query, "GET", "/products/chair?minVersion=3")).status, 503);

        await runMapping((await streamRecords(streamsClient(peer), streamArn)).slice(before), projector, { batchSize: 10, maxRetries: 0 });
        assert.equal((await send(query, "GET", "/products/chair?minVersion=3")).status, 404);
        const listed = (await (await send(query, "GET", "/products?filter=category:seating")).json()) as { items: unknown[] };
        assert.deepEqual(listed.items, []);

        const recreated = await send(
            command,
            "PUT",
            "/products/chair",
            { name: "Desk chair", category: "seating", price: 140 },
            { "if-none-match": "*" },
        );
        assert.deepEqual([recreated.status, recreated.headers.get("etag")], [201, '"4"']);
    });

    it("filters only on declared fields (400 naming the allowed ones); values are data in the request, never query text", async () => {
        const bad = await send(query, "GET", "/products?filter=name:lamp");
        assert.equal(bad.status, 400);
        assert.deepEqual(((await bad.json()) as { allowed: string[] }).allowed, ["category", "price", "tags"]);
        const sneaky = 'lighting" OR 1=1';
        await send(query, "GET", `/products?filter=category:${encodeURIComponent(sneaky)}`);
        const sent = JSON.parse(search.requests.at(-1)!.body!);
        assert.deepEqual(sent.query.bool.filter[1], { term: { category: sneaky } });
    });
});
