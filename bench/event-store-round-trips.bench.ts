/**
 * Event Sourcing: requests each event store adapter sends the database per append, as a ratio to
 * one conditional write (issue 17, appends), against the real peers the contract suites use,
 * started and stopped here. Counted, not timed: PostgreSQL and PGlite at the client (statements
 * sent), DynamoDB Local, the Cosmos DB peer and the Firestore emulator at HTTP (dev's store proxy,
 * without faults, in front of the peer counts each request, so the DynamoDB line holds whichever
 * HTTP client the adapter uses).
 * The floor, counted the same way in the same run, is the adapter's own insert of one event
 * (its conditional write). Each append kind runs APPENDS times on streams of its own; a peer this
 * machine cannot run is printed as skipped with the reason.
 */
import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { peers, PeerName, Peers } from "../plan/dev/peers";
import { unavailability } from "../plan/dev/peers/requirement";
import { startStoreFaultProxy, StoreDialect } from "../plan/dev/store-fault-proxy";
import type { Queryable } from "../handlers/stores/clients/postgres";
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

/** One adapter on its peer: the log, the requests it has sent so far, and how to stop what it opened. */
interface Counted {
    readonly log: EventLog;
    requests(): number;
    close(): Promise<void>;
}

interface Adapter {
    readonly label: string;
    readonly peer: PeerName;
    open(handle: never): Promise<Counted>;
}

/** The PostgreSQL event log over `query`, counting the statements it sends. */
function countedStatements(query: Queryable["query"], close: () => Promise<void>): Counted {
    let statements = 0;
    const log = postgresEventLog({ query: (text, params) => (statements++, query(text, params)) });
    return { log, requests: () => statements, close };
}

/** `open(endpoint)` builds the log on the endpoint of dev's store proxy (no faults) in front of `peerEndpoint`, which counts every request. */
async function countedHttp(
    dialect: StoreDialect,
    peerEndpoint: string,
    open: (endpoint: string) => { log: EventLog; close?(): Promise<void> | void },
): Promise<Counted> {
    const proxy = await startStoreFaultProxy(dialect, peerEndpoint, { throttle: 0, timeout: 0, latencyMs: 0 }, 1, () => undefined);
    const { log, close } = open(proxy.url);
    return {
        log,
        requests: () => proxy.counts.calls,
        close: async () => {
            await close?.();
            await proxy.stop();
        },
    };
}

const adapters: Adapter[] = [
    {
        label: "PostgreSQL",
        peer: "postgres",
        async open(handle: Peers["postgres"]["handle"]) {
            const client: Client = handle.client();
            await client.connect();
            await client.query(eventStoreSchema());
            return countedStatements(
                (text, params) => client.query(text, params),
                () => client.end(),
            );
        },
    },
    {
        label: "PGlite",
        peer: "pglite",
        async open(handle: Peers["pglite"]["handle"]) {
            await handle.db.exec(eventStoreSchema());
            return countedStatements(
                (text, params) => handle.db.query(text, params),
                async () => undefined,
            );
        },
    },
    {
        label: "DynamoDB Local",
        peer: "dynamodb-local",
        async open(handle: Peers["dynamodb-local"]["handle"]) {
            const tables = await createEventTables(handle.client(), `trips-${handle.namespace}`);
            return countedHttp("dynamodb", handle.endpoint, (endpoint) => {
                return { log: dynamoEventLog(dynamoDocumentClient({ ...handle.clientConfig, endpoint }), tables) };
            });
        },
    },
    {
        label: "Cosmos DB peer",
        peer: "cosmos",
        async open(handle: Peers["cosmos"]["handle"]) {
            const sdk = handle.client();
            const { database } = await sdk.databases.createIfNotExists({ id: `trips-${handle.namespace}` });
            const partitionKey = { paths: ["/streamId"] };
            await database.containers.createIfNotExists({ id: "events", partitionKey });
            await database.containers.createIfNotExists({ id: "snapshots", partitionKey });
            await sdk.dispose();
            return countedHttp("cosmos", handle.endpoint, (endpoint) => {
                const rest = new CosmosRestClient(endpoint, { key: handle.key }).database(database.id);
                return { log: cosmosEventLog({ events: rest.container("events"), snapshots: rest.container("snapshots") }) };
            });
        },
    },
    {
        label: "Firestore emulator",
        peer: "firestore",
        async open(handle: Peers["firestore"]["handle"]) {
            return countedHttp("google-rest", handle.endpoint, (endpoint) => ({
                log: firestoreEventLog(firestoreRestDatabase("(default)", { ...handle.options, endpoint })),
            }));
        },
    },
];

/** Requests per append of each kind over APPENDS appends of one event, divided by the requests of one conditional insert. */
async function requestsPerAppend({ log, requests }: Counted, prefix: string): Promise<Record<Kind, number>> {
    const store = createEventStore(log);
    const append = (stream: string, expectedVersion: ExpectedVersion) =>
        store.appendToStream(stream, [{ type: "Deposited", data: { amount: 1 } }], { expectedVersion });
    const perAppend = async (run: (i: number) => Promise<unknown>): Promise<number> => {
        const before = requests();
        for (let i = 0; i < APPENDS; i++) await run(i);
        return (requests() - before) / APPENDS;
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
                const counted = await adapter.open(opened.handle as never);
                try {
                    const ratios = await requestsPerAppend(counted, `trips-${process.pid}`);
                    console.log(`  ${adapter.label.padEnd(20)}${KINDS.map((k) => ratios[k].toFixed(2).padStart(12)).join("")}`);
                } finally {
                    await counted.close();
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
