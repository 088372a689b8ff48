import { CHANGE_DECODERS, Change } from "../../handlers/cqrs/changes";
import { spannerDocumentDdl, spannerDocumentStore } from "../../handlers/stores/documents/spanner";
import { readChangeStream } from "../../plan/dev/deliveries/spanner-change-stream";
import { usePeer } from "../support/peers";
import { documentStoreContract } from "./document-store.contract";

documentStoreContract("Spanner (gcloud emulator over REST, change stream read as Dataflow's connector does)", () => {
    const peer = usePeer("spanner");
    let databaseName: string;
    let openedAt: Date;
    return {
        async open() {
            const name = `cqrs-${peer.namespace}`.slice(0, 30);
            const database = await peer.createDatabase(name, spannerDocumentDdl("Products", "ProductsChanges"));
            databaseName = `projects/${peer.projectId}/instances/${peer.instanceId}/databases/${name}`;
            openedAt = new Date();
            return spannerDocumentStore(database, "Products");
        },
        // The emulator goes with the test run; sessions hold nothing to release.
        close: async () => undefined,
        // The change stream's data change records, read as `cloud-patterns dev` reads them (the
        // Dataflow connector's single-use strong reads over every partition), each as the JSON the
        // Spanner change streams to Pub/Sub template publishes (a DataChangeRecord with mods), then decoded.
        async changes() {
            const records = await readChangeStream(peer.endpoint, databaseName, "ProductsChanges", openedAt, new Date(Date.now() + 1000));
            return records.map((record, i): Change =>
                CHANGE_DECODERS["spanner-change-stream"]({
                    id: String(i),
                    body: JSON.stringify(record),
                    attempt: 1,
                    receivedAt: new Date(),
                    attributes: {},
                }),
            );
        },
    };
});
