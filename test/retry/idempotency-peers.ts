/**
 * Every idempotency adapter on its real peer (test/support/peers: dynalite, DynamoDB Local,
 * @vercel/cosmosdb-server, the Firestore emulator, a PostgreSQL server and PGlite), as one
 * describe block each; the body registers its tests against the store, readable from `it` on.
 */
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { Pool } from "pg";
import { dynamoDocumentClient } from "../../handlers/stores/clients/dynamodb";
import { CosmosIdempotencyStore } from "../../handlers/stores/idempotency/cosmos";
import { DynamoDbIdempotencyStore } from "../../handlers/stores/idempotency/dynamodb";
import { FirestoreIdempotencyStore } from "../../handlers/stores/idempotency/firestore";
import { PostgresIdempotencyStore } from "../../handlers/stores/idempotency/postgres";
import { IdempotencyStore } from "../../handlers/stores/idempotency/port";
import { type CosmosPeer, usePeer } from "../support/peers";

/** The Cosmos DB store on a container of its own in the suite's database (TTL on, per item). */
export async function cosmosIdempotencyStore(peer: CosmosPeer, containerId: string): Promise<IdempotencyStore> {
    const { database } = await peer.client().databases.createIfNotExists({ id: peer.namespace });
    const { container } = await database.containers.createIfNotExists({
        id: containerId,
        partitionKey: { paths: ["/id"] },
        defaultTtl: -1,
    });
    return new CosmosIdempotencyStore(peer.rest().database(database.id).container(container.id));
}

export function onEveryIdempotencyStore(title: (store: string) => string, body: (store: () => IdempotencyStore) => void): void {
    for (const peerName of ["dynalite", "dynamodb-local"] as const) {
        describe(title(`DynamoDbIdempotencyStore on ${peerName}`), () => {
            const peer = usePeer(peerName);
            let store: IdempotencyStore;
            before(async () => {
                const tableName = `${peer.namespace}-idempotency`;
                const client = peer.client();
                await client.send(
                    new CreateTableCommand({
                        TableName: tableName,
                        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
                        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
                        BillingMode: "PAY_PER_REQUEST",
                    }),
                );
                store = new DynamoDbIdempotencyStore(dynamoDocumentClient(peer.clientConfig), tableName);
            });
            body(() => store);
        });
    }

    describe(title("CosmosIdempotencyStore on @vercel/cosmosdb-server"), () => {
        const peer = usePeer("cosmos");
        let store: IdempotencyStore;
        before(async () => (store = await cosmosIdempotencyStore(peer, "idempotency")));
        body(() => store);
    });

    describe(title("FirestoreIdempotencyStore on the Firestore emulator"), () => {
        const peer = usePeer("firestore");
        let store: IdempotencyStore;
        before(() => {
            store = new FirestoreIdempotencyStore(peer.client(), `${peer.namespace}-idempotency`);
        });
        body(() => store);
    });

    describe(title("PostgresIdempotencyStore on a PostgreSQL server"), () => {
        let pool: Pool | undefined;
        // Registered before usePeer's hooks, so the pool closes before the server stops.
        after(() => pool?.end());
        const peer = usePeer("postgres");
        let store: PostgresIdempotencyStore;
        before(async () => {
            // A pool of real connections, so racing claims really run concurrently.
            pool = new Pool({ connectionString: peer.connectionString, max: 8 });
            // pool.end() can resolve with a socket or two still closing; when the peer's server then
            // stops, pg reports those as 'terminating connection' errors on the idle clients.
            pool.on("error", (err) => {
                if (!/terminating connection due to administrator command/.test(err.message)) throw err;
            });
            store = new PostgresIdempotencyStore(pool, `idem_${peer.namespace.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`);
            await store.createTable();
        });
        body(() => store);
    });

    describe(title("PostgresIdempotencyStore on PGlite"), () => {
        const peer = usePeer("pglite");
        let store: PostgresIdempotencyStore;
        before(async () => {
            // PGlite has one connection: racing claims are serialized, the contract still holds.
            store = new PostgresIdempotencyStore(peer.db, `${peer.schema}.idempotency_records`);
            await store.createTable();
        });
        body(() => store);
    });
}
