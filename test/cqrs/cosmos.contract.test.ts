import { cosmosDocumentStore } from "../../handlers/stores/documents/cosmos";
import { usePeer } from "../support/peers";
import { documentStoreContract } from "./document-store.contract";

// @vercel/cosmosdb-server has no change feed: the Cosmos change feed's shape is covered by the
// runtime adapter's recorded documents (test/runtimes) and the projector's decoder tests.
documentStoreContract("Cosmos DB (@vercel/cosmosdb-server)", () => {
    const peer = usePeer("cosmos");
    let client: ReturnType<typeof peer.client> | undefined;
    return {
        async open() {
            client = peer.client();
            const { database } = await client.databases.createIfNotExists({ id: `cqrs-${peer.namespace}` });
            const { container } = await database.containers.createIfNotExists({ id: "products", partitionKey: { paths: ["/id"] } });
            return cosmosDocumentStore(peer.rest().database(database.id).container(container.id));
        },
        close: async () => client?.dispose(),
    };
});
