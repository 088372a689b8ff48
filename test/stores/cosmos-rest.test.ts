/**
 * The Cosmos DB REST client's wire protocol, where the emulator (@vercel/cosmosdb-server, which
 * the store contract suites run on) cannot tell: it accepts any signature, ignores partition key
 * range ids and never throttles. A stand-in on 127.0.0.1 records each request and answers as the
 * REST API documents; the master-key signature is checked against @azure/cosmos's own
 * (setAuthorizationTokenHeaderUsingMasterKey, which is why the test imports the SDK).
 */
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setAuthorizationTokenHeaderUsingMasterKey } from "@azure/cosmos";
import { CosmosRestClient, CosmosRestError, masterKeySignature } from "../../handlers/stores/clients/cosmos-rest";

interface Seen {
    readonly method: string;
    readonly url: string;
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: unknown };

async function standIn(answer: (seen: Seen, index: number) => Reply): Promise<{ endpoint: string; seen: Seen[]; server: Server }> {
    const seen: Seen[] = [];
    const server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString()));
        req.on("end", () => {
            const s = { method: req.method!, url: req.url!, headers: req.headers, body };
            seen.push(s);
            const reply = answer(s, seen.length - 1);
            res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(
                reply.body === undefined ? "" : JSON.stringify(reply.body),
            );
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, server };
}

const KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

describe("Cosmos DB REST client (wire protocol)", () => {
    let peer: Awaited<ReturnType<typeof standIn>> | undefined;
    afterEach(() => peer?.server.close());

    it("signs with the master key exactly as @azure/cosmos does, for a document and for a feed", async () => {
        const date = "Tue, 01 Dec 2026 19:00:00 GMT";
        for (const [verb, type, link] of [
            ["GET", "docs", "dbs/d/colls/c/docs/k ü"],
            ["POST", "docs", "dbs/d/colls/c"],
            ["GET", "pkranges", "dbs/d/colls/c"],
        ] as const) {
            const headers: Record<string, string> = {};
            const realNow = Date;
            // The SDK signs with the current time: pin it to the date signed here.
            globalThis.Date = class extends realNow {
                constructor() {
                    super(date);
                }
            } as DateConstructor;
            try {
                await setAuthorizationTokenHeaderUsingMasterKey(verb as never, link, type as never, headers, KEY);
            } finally {
                globalThis.Date = realNow;
            }
            assert.equal(await masterKeySignature(KEY, verb, type, link, date), headers.authorization);
        }
    });

    it("sends the Entra token as type=aad, the partition key as a JSON array (ASCII-escaped), If-Match on replace", async () => {
        peer = await standIn((s) =>
            s.method === "GET" && s.url === "/dbs/d/colls/c/docs/a%2Fb"
                ? { status: 200, headers: { etag: '"e-1"' }, body: { id: "a/b", v: 1 } }
                : { status: 200, body: {} },
        );
        const container = new CosmosRestClient(peer.endpoint, { token: async () => "entra-token" }).database("d").container("c");
        const item = container.item("a/b", ["shard-é", "a/b"]);
        assert.deepEqual(await item.read(), { resource: { id: "a/b", v: 1 }, etag: '"e-1"' });
        await item.replace({ id: "a/b", v: 2 }, { accessCondition: { type: "IfMatch", condition: '"e-1"' } });
        const [read, replace] = peer.seen;
        assert.equal(read.headers.authorization, "type=aad&ver=1.0&sig=entra-token");
        assert.equal(read.headers["x-ms-version"], "2020-07-15");
        assert.equal(read.headers["x-ms-documentdb-partitionkey"], '["shard-\\u00e9","a/b"]');
        assert.equal(replace.method, "PUT");
        assert.equal(replace.headers["if-match"], '"e-1"');
        assert.deepEqual(JSON.parse(replace.body), { id: "a/b", v: 2 });
    });

    it("keys a create by the container's partition key paths (read once), upserts with the upsert header", async () => {
        peer = await standIn((s) =>
            s.method === "GET"
                ? { status: 200, body: { id: "c", partitionKey: { paths: ["/shard", "/id"], kind: "MultiHash" } } }
                : { status: 201, body: {} },
        );
        const container = new CosmosRestClient(peer.endpoint, { key: KEY }).database("d").container("c");
        await container.items.create({ shard: "s1", id: "x" });
        await container.items.upsert({ shard: "s1", id: "y" });
        assert.deepEqual(
            peer.seen.map((s) => [s.method, s.url, s.headers["x-ms-documentdb-partitionkey"], s.headers["x-ms-documentdb-is-upsert"]]),
            [
                ["GET", "/dbs/d/colls/c", undefined, undefined],
                ["POST", "/dbs/d/colls/c/docs", '["s1","x"]', undefined],
                ["POST", "/dbs/d/colls/c/docs", '["s1","y"]', "true"],
            ],
        );
        assert.match(peer.seen[1].headers.authorization!, /^type%3Dmaster%26ver%3D1.0%26sig%3D/);
    });

    it("waits out a 429 for x-ms-retry-after-ms and sends again; other refusals throw with the status as code", async () => {
        peer = await standIn((_, i): Reply =>
            i === 0
                ? {
                      status: 429,
                      headers: { "x-ms-retry-after-ms": "20" },
                      body: { code: "TooManyRequests", message: "Request rate is large" },
                  }
                : i === 1
                  ? { status: 201, body: {} }
                  : {
                        status: 412,
                        headers: { "x-ms-substatus": "0" },
                        body: {
                            code: "PreconditionFailed",
                            message: "Operation cannot be performed because one of the specified precondition is not met.",
                        },
                    },
        );
        const client = new CosmosRestClient(peer.endpoint, { key: KEY });
        const container = client.database("d").container("c");
        const item = container.item("x", "x");
        await item.replace({ id: "x" });
        assert.equal(peer.seen.length, 2, "the throttled request, then its resend");
        await assert.rejects(item.delete({ accessCondition: { type: "IfMatch", condition: '"old"' } }), (err: unknown) => {
            assert.ok(err instanceof CosmosRestError);
            assert.equal(err.code, 412);
            assert.match(err.message, /Cosmos DB answered 412 to DELETE \/dbs\/d\/colls\/c\/docs\/x: Operation cannot be performed/);
            return true;
        });
    });

    it("pages a query by x-ms-continuation, and runs a cross-partition query once per partition key range", async () => {
        peer = await standIn((s) => {
            if (s.url.endsWith("/pkranges")) return { status: 200, body: { PartitionKeyRanges: [{ id: "0" }, { id: "1" }] } };
            const range = s.headers["x-ms-documentdb-partitionkeyrangeid"];
            if (range !== undefined) return { status: 200, body: { Documents: [{ id: `r${range}` }] } };
            return s.headers["x-ms-continuation"] === "page-2"
                ? { status: 200, body: { Documents: [{ id: "b" }] } }
                : { status: 200, headers: { "x-ms-continuation": "page-2" }, body: { Documents: [{ id: "a" }] } };
        });
        const container = new CosmosRestClient(peer.endpoint, { key: KEY }).database("d").container("c");
        const spec = { query: "SELECT * FROM c WHERE c.s = @s", parameters: [{ name: "@s", value: "v" }] };
        assert.deepEqual((await container.items.query(spec, { partitionKey: "v" }).fetchAll()).resources, [{ id: "a" }, { id: "b" }]);
        const [first, second] = peer.seen;
        assert.equal(first.headers["content-type"], "application/query+json");
        assert.equal(first.headers["x-ms-documentdb-isquery"], "true");
        assert.deepEqual(JSON.parse(first.body), spec);
        assert.equal(second.headers["x-ms-continuation"], "page-2");
        assert.deepEqual(await container.queryEachRange(spec), [[{ id: "r0" }], [{ id: "r1" }]]);
    });
});
