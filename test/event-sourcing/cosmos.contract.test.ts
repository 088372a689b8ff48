import { strict as assert } from "node:assert";
import type { CosmosClient } from "@azure/cosmos";
import { cosmosEventLog, throwOnBatchFailure } from "../../handlers/stores/event-store/cosmos";
import { VersionTakenError } from "../../handlers/stores/event-store/log";
import { usePeer } from "../support/peers";
import { eventStoreContract } from "./contract";

eventStoreContract("Cosmos DB (@vercel/cosmosdb-server)", () => {
    const peer = usePeer("cosmos");
    let client: CosmosClient;
    return {
        async open() {
            client = peer.client();
            const { database } = await client.databases.createIfNotExists({ id: `es-${peer.namespace}` });
            const partitionKey = { paths: ["/streamId"] };
            const { container: events } = await database.containers.createIfNotExists({ id: "events", partitionKey });
            const { container: snapshots } = await database.containers.createIfNotExists({ id: "snapshots", partitionKey });
            const rest = peer.rest().database(database.id);
            return cosmosEventLog({ events: rest.container(events.id), snapshots: rest.container(snapshots.id) });
        },
        close: async () => client.dispose(),
        // How the test copes: the emulator runs a batch's creates one by one and keeps the ones
        // before a 409, where the real service applies none. The two cases that need an atomic
        // batch are skipped here; the mapping of the real service's answer (409 + 424s) is
        // checked below from its recorded shape, and single-event appends (plain creates, which
        // the emulator does refuse with 409) carry the 8-writer race.
        nonAtomicBatch: "@vercel/cosmosdb-server's transactional batch is not atomic",
    };
});

describe("Cosmos DB transactional batch answers (recorded from the service's documented shape)", () => {
    it("reads a 409 among 424s as a version already taken", () => {
        // A batch of three creates whose second id exists: the service applies none and answers
        // 409 for that operation and 424 Failed Dependency for the others.
        assert.throws(() => throwOnBatchFailure("s", [{ statusCode: 424 }, { statusCode: 409 }, { statusCode: 424 }]), VersionTakenError);
    });

    it("names the statuses of any other failed batch and passes a successful one", () => {
        assert.throws(
            () => throwOnBatchFailure("s", [{ statusCode: 429 }, { statusCode: 424 }]),
            /stream 's': Cosmos DB batch failed with statuses 429, 424/,
        );
        throwOnBatchFailure("s", [{ statusCode: 201 }, { statusCode: 201 }]);
    });
});
