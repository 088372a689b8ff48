/**
 * CQRS:
 *  1. projector throughput: DynamoDB stream records (NEW_AND_OLD_IMAGES, as the Lambda mapping
 *     delivers them, 100 a batch) through the AWS runtime adapter, the projector and the OpenSearch
 *     adapter into one bulk request a batch, as a ratio to JSON parse + serialize of the same records
 *     (the floor: reading the event and writing each record as a bulk line), in interleaved rounds.
 *     OpenSearch is a loopback-free `fetch` that answers the documented shapes without parsing, so
 *     the figure is the projector's own work;
 *  2. the catalogue's product catalog (1,000 writes and 1,000,000 reads a day) in the cost plan, per
 *     cloud: monthly and idle cost, the read path's cost (query front door, query function, read
 *     store, projector and sync) as a ratio to serving the same reads from the write store through the
 *     same front door and function, and the children that cannot scale to zero.
 */
import { join } from "node:path";
import { Cloud } from "../components/cloud";
import { resolveCqrsArgs } from "../components/cqrs/resolve";
import { CHANGE_DECODERS } from "../handlers/cqrs/changes";
import * as defaultProjection from "../handlers/cqrs/default-projection";
import { createProjector } from "../handlers/cqrs/projector";
import { DynamoDbStreamRecord, lambdaDynamoDbStream } from "../handlers/runtimes/aws";
import type { HttpFetch } from "../handlers/stores/read-model/http";
import { openSearchReadModel } from "../handlers/stores/read-model/opensearch";
import { firstPrice, loadCatalog, priceEntry, usageModel } from "../plan/catalog";
import { configFor } from "../plan/compare";
import { evaluateInChild } from "../plan/evaluate-stack";
import { priceResources } from "../plan/price";
import { CLOUDS, CloudName, PricedResource } from "../plan/types";
import { parseWorkload } from "../plan/workload";

const RECORDS = 20_000;
const BATCH = 100;
const ROUNDS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function streamRecord(i: number): DynamoDbStreamRecord {
    const id = `product-${i}`;
    const body = JSON.stringify({ id, name: `Desk lamp ${i}`, category: "lighting", price: 10 + (i % 90), tags: ["desk", "lamp"] });
    const item = (version: number) => ({ id: { S: id }, version: { N: String(version) }, deleted: { BOOL: false }, body: { S: body } });
    return {
        eventID: `event-${i}`,
        eventName: "MODIFY",
        eventSourceARN: "arn:aws:dynamodb:us-east-1:123456789012:table/catalog-writes/stream/2026-12-01T00:00:00.000",
        dynamodb: {
            SequenceNumber: String(1e20 + i),
            ApproximateCreationDateTime: 1_764_547_200,
            Keys: { id: { S: id } },
            NewImage: item(2),
            OldImage: item(1),
        },
    };
}

/** OpenSearch's documented answers, without parsing the request: nothing projected yet (_mget), every bulk item created. */
const openSearch: HttpFetch = async (url, init) => {
    const path = new URL(url).pathname;
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    if (path.endsWith("/_mget")) return json({ docs: [] });
    if (path === "/_bulk") {
        const items = (init.body ?? "").split("\n").length >> 1;
        return json({ took: 1, errors: false, items: Array.from({ length: items }, () => ({ index: { _id: "x", status: 201 } })) });
    }
    return json({ acknowledged: true });
};

async function projectorThroughput(): Promise<void> {
    const { readModel } = resolveCqrsArgs("catalog", Cloud.Aws, {
        entity: "products",
        readModel: {
            fields: { name: "string", category: "string", price: "number", tags: "string[]" },
            searchable: ["name", "tags"],
            filterable: ["category", "price", "tags"],
            sortable: ["price"],
        },
    });
    const handler = lambdaDynamoDbStream(
        createProjector({
            readModel,
            store: openSearchReadModel(openSearch, "https://search.example.com", "products", readModel),
            decode: CHANGE_DECODERS["dynamodb-stream"],
            projection: defaultProjection,
        }),
    );
    const batches: string[] = [];
    for (let b = 0; b < RECORDS / BATCH; b++) {
        batches.push(JSON.stringify({ Records: Array.from({ length: BATCH }, (_, i) => streamRecord(b * BATCH + i)) }));
    }
    const floor = async () => {
        let bytes = 0;
        for (const text of batches) {
            const { Records } = JSON.parse(text) as { Records: DynamoDbStreamRecord[] };
            bytes += Records.map((r) => JSON.stringify(r)).join("\n").length;
        }
        return bytes;
    };
    const project = async () => {
        let failures = 0;
        for (const text of batches) failures += (await handler(JSON.parse(text))).batchItemFailures.length;
        if (failures > 0) throw new Error(`${failures} records failed`);
        return failures;
    };
    const timed = async (run: () => Promise<unknown>) => {
        const start = process.hrtime.bigint();
        await run();
        return Number(process.hrtime.bigint() - start) / 1e9;
    };
    await floor();
    await project();
    const floors: number[] = [];
    const projections: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
        floors.push(RECORDS / (await timed(floor)));
        projections.push(RECORDS / (await timed(project)));
    }
    const f = median(floors);
    const p = median(projections);
    console.log(`projector: ${RECORDS.toLocaleString("en")} stream records in batches of ${BATCH}, median of ${ROUNDS} interleaved rounds`);
    console.log(`  JSON parse + serialize (floor)   ${Math.round(f).toLocaleString("en")} records/s = 1.00`);
    console.log(`  adapter + projector + bulk body  ${Math.round(p).toLocaleString("en")} records/s = ${(p / f).toFixed(2)}`);
}

/** The catalogue's product catalog: 1,000 writes and 1,000,000 reads a day, 30 days; each query a call of the query API. */
const CATALOG_WORKLOAD = { writes: 30_000, reads: 30_000_000, requests: 30_030_000 };
/** Children of the command side: they serve the writes either way. */
const COMMAND_SIDE = /^cqrs-domain-(command|writes|cosmos|database|spanner|db)/;
/** The read path's front door and function: serving reads from the write store keeps them. */
const QUERY_FRONT = /^cqrs-domain-query/;

/** The monthly cost of `reads` point reads on each cloud's write store, from the catalog. */
function writeStoreReads(cloud: CloudName, reads: number): { cost: number; basis: string } {
    const catalog = loadCatalog(cloud);
    const per = (id: string) => {
        const entry = priceEntry(catalog, id);
        return (firstPrice(entry) ?? 0) / entry.unitSize;
    };
    switch (cloud) {
        case "aws":
            // As the plan counts them (dynamodb.unitsPerOperation); eventually consistent reads would halve it.
            return {
                cost: reads * usageModel<number>(catalog, "dynamodb.unitsPerOperation") * per("dynamodb.ondemand.reads"),
                basis: "DynamoDB on-demand reads, 1 RRU each as the plan counts them",
            };
        case "azure":
            return {
                cost: reads * usageModel<number>(catalog, "cosmos.ruPerRead") * per("cosmos.serverless.ru"),
                basis: "Cosmos DB serverless point reads",
            };
        default:
            return { cost: 0, basis: "Spanner reads are in the instance's compute, which the write side already pays" };
    }
}

async function catalogCosts(): Promise<void> {
    const program = join(__dirname, "..", "test", "fixtures", "plan", "variants-program.ts");
    const profile = parseWorkload(JSON.stringify(CATALOG_WORKLOAD));
    const graphs = await Promise.all(
        CLOUDS.map((cloud) =>
            evaluateInChild(
                program,
                configFor({ stack: "bench", path: program, config: { "cloud-patterns:variants": "cqrs-domain" } }, cloud),
                "bench",
            ),
        ),
    );
    console.log("\nproduct catalog (30,000 writes, 30M reads a month), the plan's prices:");
    console.log("  cloud  monthly   idle      read path  same reads from the write store  ratio   cannot scale to zero");
    CLOUDS.forEach((cloud, i) => {
        const priced = priceResources(cloud, graphs[i], profile);
        const sum = (rs: readonly PricedResource[], idle = false) => rs.reduce((a, r) => a + (idle ? r.idleMonthlyCost : r.monthlyCost), 0);
        const readPath = priced.resources.filter((r) => !COMMAND_SIDE.test(r.name));
        const front = priced.resources.filter((r) => QUERY_FRONT.test(r.name));
        const store = writeStoreReads(cloud, CATALOG_WORKLOAD.reads);
        const alternative = sum(front) + store.cost;
        const floor = priced.resources
            .filter((r) => r.idleMonthlyCost > 0.5)
            .map((r) => `${r.type.split(":").pop()} $${r.idleMonthlyCost.toFixed(0)}`);
        const money = (v: number) => `$${v.toFixed(2)}`.padEnd(10);
        console.log(
            `  ${cloud.padEnd(6)} ${money(priced.monthlyCost)}${money(priced.idleMonthlyCost)}${money(sum(readPath))} ${money(alternative).padEnd(32)} ${(sum(readPath) / alternative).toFixed(2).padEnd(7)} ${floor.join(", ")}`,
        );
        console.log(`         (write store: ${store.basis})`);
    });
}

async function main(): Promise<void> {
    await projectorThroughput();
    await catalogCosts();
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
