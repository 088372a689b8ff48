/**
 * Event Sourcing: requests each event store adapter sends the database per append, as a ratio to
 * one conditional write (issue 17, appends), against the real peers the contract suites use,
 * started and stopped here. Counted, not timed: PostgreSQL and PGlite at the client (statements
 * sent), DynamoDB Local, the Cosmos DB peer and the Firestore emulator at HTTP (a counting reverse
 * proxy in front of the peer, so the DynamoDB line holds whichever HTTP client the adapter uses).
 * The floor, counted the same way in the same run, is the adapter's own insert of one event
 * (its conditional write). Each append kind runs APPENDS times on streams of its own; a peer this
 * machine cannot run is printed as skipped with the reason.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from "node:http";
import { Agent, createServer as createHttpsServer, request as httpsRequest } from "node:https";
import { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { Client } from "pg";
import { peers, PeerName, Peers } from "../plan/dev/peers";
import { unavailability } from "../plan/dev/peers/requirement";
import { CosmosRestClient } from "../handlers/stores/clients/cosmos-rest";
import { dynamoDocumentClient } from "../handlers/stores/clients/dynamodb";
import { firestoreRestDatabase } from "../handlers/stores/clients/firestore-rest";
import { cosmosEventLog } from "../handlers/stores/event-store/cosmos";
import { dynamoEventLog } from "../handlers/stores/event-store/dynamodb";
import { createEventStore } from "../handlers/stores/event-store/event-store";
import { firestoreEventLog } from "../handlers/stores/event-store/firestore";
import type { EventLog } from "../handlers/stores/event-store/log";
import { eventStoreSchema, postgresEventLog } from "../handlers/stores/event-store/postgres";
import type { ExpectedVersion } from "../handlers/stores/event-store/port";
import { createEventTables } from "../test/fixtures/event-sourcing/dynamodb-tables";

const APPENDS = 20;
const KINDS = ["no-stream", "expected N", "any"] as const;
type Kind = (typeof KINDS)[number];

/** Counts what one adapter sends; `open` returns the log and how to stop what it opened. */
interface Adapter {
    readonly label: string;
    readonly peer: PeerName;
    open(handle: never, count: () => void): Promise<{ log: EventLog; close(): Promise<void> }>;
}

/** A reverse proxy in front of `target` that counts each request it forwards. */
async function countingProxy(target: string, count: () => void): Promise<{ endpoint: string; close(): Promise<void> }> {
    const upstream = new URL(target);
    const tls = upstream.protocol === "https:";
    const forward = (req: IncomingMessage, res: ServerResponse) => {
        count();
        const send = tls ? httpsRequest : httpRequest;
        const out = send(
            {
                host: upstream.hostname,
                port: upstream.port,
                method: req.method,
                path: req.url,
                headers: { ...req.headers, host: upstream.host },
                ...(tls && { rejectUnauthorized: false }),
            },
            (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
            },
        );
        out.on("error", (err) => res.destroy(err));
        req.pipe(out);
    };
    // The Cosmos DB peer speaks only HTTPS; the proxy answers with the peer's own self-signed pair.
    const cosmosServer = dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
    const server: Server = tls
        ? createHttpsServer(
              { cert: readFileSync(join(cosmosServer, "cert.pem")), key: readFileSync(join(cosmosServer, "key.pem")) },
              forward,
          )
        : createHttpServer(forward);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        endpoint: `${upstream.protocol}//127.0.0.1:${port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

const adapters: Adapter[] = [
    {
        label: "PostgreSQL",
        peer: "postgres",
        async open(handle: Peers["postgres"]["handle"], count) {
            const client: Client = handle.client();
            await client.connect();
            await client.query(eventStoreSchema());
            const log = postgresEventLog({
                query: (text: string, params?: unknown[]) => {
                    count();
                    return client.query(text, params);
                },
            });
            return { log, close: () => client.end() };
        },
    },
    {
        label: "PGlite",
        peer: "pglite",
        async open(handle: Peers["pglite"]["handle"], count) {
            await handle.db.exec(eventStoreSchema());
            const log = postgresEventLog({
                query: (text: string, params?: unknown[]) => {
                    count();
                    return handle.db.query(text, params);
                },
            });
            return { log, close: async () => undefined };
        },
    },
    {
        label: "DynamoDB Local",
        peer: "dynamodb-local",
        async open(handle: Peers["dynamodb-local"]["handle"], count) {
            const tables = await createEventTables(handle.client(), `trips-${handle.namespace}`);
            const proxy = await countingProxy(handle.endpoint, count);
            const client = dynamoDocumentClient({ ...handle.clientConfig, endpoint: proxy.endpoint });
            return {
                log: dynamoEventLog(client, tables),
                close: async () => {
                    client.destroy();
                    await proxy.close();
                },
            };
        },
    },
    {
        label: "Cosmos DB peer",
        peer: "cosmos",
        async open(handle: Peers["cosmos"]["handle"], count) {
            const sdk = handle.client();
            const { database } = await sdk.databases.createIfNotExists({ id: `trips-${handle.namespace}` });
            const partitionKey = { paths: ["/streamId"] };
            await database.containers.createIfNotExists({ id: "events", partitionKey });
            await database.containers.createIfNotExists({ id: "snapshots", partitionKey });
            const proxy = await countingProxy(handle.endpoint, count);
            const rest = new CosmosRestClient(proxy.endpoint, {
                key: handle.key,
                agent: new Agent({ rejectUnauthorized: false }),
            }).database(database.id);
            return {
                log: cosmosEventLog({ events: rest.container("events"), snapshots: rest.container("snapshots") }),
                close: async () => {
                    sdk.dispose();
                    await proxy.close();
                },
            };
        },
    },
    {
        label: "Firestore emulator",
        peer: "firestore",
        async open(handle: Peers["firestore"]["handle"], count) {
            const proxy = await countingProxy(handle.endpoint, count);
            return {
                log: firestoreEventLog(firestoreRestDatabase("(default)", { ...handle.options, endpoint: proxy.endpoint })),
                close: () => proxy.close(),
            };
        },
    },
];

/** Requests per append of each kind over APPENDS appends of one event, divided by the requests of one conditional insert. */
async function requestsPerAppend(log: EventLog, counted: { requests: number }, prefix: string): Promise<Record<Kind, number>> {
    const store = createEventStore(log);
    const append = (stream: string, expectedVersion: ExpectedVersion) =>
        store.appendToStream(stream, [{ type: "Deposited", data: { amount: 1 } }], { expectedVersion });
    const perAppend = async (run: (i: number) => Promise<unknown>): Promise<number> => {
        counted.requests = 0;
        for (let i = 0; i < APPENDS; i++) await run(i);
        return counted.requests / APPENDS;
    };
    // The floor: the adapter's own conditional write of one event (refused if its version is stored).
    const insertFirst = (stream: string) =>
        log.insert([{ stream, version: 1, eventId: randomUUID(), type: "Deposited", data: {}, metadata: {}, recordedAt: new Date() }]);
    // A client's first request may fetch what it caches (Cosmos DB: the container's metadata); not part of an append.
    await insertFirst(`${prefix}-warm`);
    const floor = await perAppend((i) => insertFirst(`${prefix}-floor-${i}`));
    await append(`${prefix}-n`, "no-stream");
    return {
        "no-stream": (await perAppend((i) => append(`${prefix}-new-${i}`, "no-stream"))) / floor,
        "expected N": (await perAppend((i) => append(`${prefix}-n`, i + 1))) / floor,
        any: (await perAppend(() => append(`${prefix}-any`, "any"))) / floor,
    };
}

async function main(): Promise<void> {
    console.log(`requests per single-event append, as a ratio to one conditional write (${APPENDS} appends of each kind):`);
    console.log(`  ${"adapter".padEnd(20)}${KINDS.map((k) => k.padStart(12)).join("")}`);
    for (const adapter of adapters) {
        const definition = peers[adapter.peer];
        const unavailable = await unavailability(definition.name, definition.requires);
        if (unavailable) {
            console.log(`  ${adapter.label.padEnd(20)}skipped: ${unavailable.message}`);
            continue;
        }
        const started = await definition.start();
        try {
            const opened = await definition.open(started.shared, undefined as never, `bench${process.pid}`);
            try {
                const counted = { requests: 0 };
                const { log, close } = await adapter.open(opened.handle as never, () => counted.requests++);
                try {
                    const ratios = await requestsPerAppend(log, counted, `trips-${process.pid}`);
                    console.log(`  ${adapter.label.padEnd(20)}${KINDS.map((k) => ratios[k].toFixed(2).padStart(12)).join("")}`);
                } finally {
                    await close();
                }
            } finally {
                await opened.close?.();
            }
        } finally {
            await started.stop();
        }
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
});
