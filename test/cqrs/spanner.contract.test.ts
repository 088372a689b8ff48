import type { Database } from "@google-cloud/spanner";
import { CHANGE_DECODERS, Change } from "../../handlers/cqrs/changes";
import { spannerDocumentDdl, spannerDocumentStore } from "../../handlers/stores/documents/spanner";
import { usePeer } from "../support/peers";
import { documentStoreContract } from "./document-store.contract";

documentStoreContract("Spanner (gcloud emulator, change stream read as Dataflow's connector does)", () => {
    const peer = usePeer("spanner");
    let database: Database | undefined;
    let openedAt: Date;
    return {
        async open() {
            database = await peer.createDatabase(`cqrs-${peer.namespace}`.slice(0, 30), spannerDocumentDdl("Products", "ProductsChanges"));
            openedAt = new Date();
            return spannerDocumentStore(database, "Products");
        },
        close: async () => {
            await database?.close();
        },
        // The change stream's data change records, each turned into the JSON the Spanner change
        // streams to Pub/Sub template publishes (a DataChangeRecord with mods), then decoded.
        async changes() {
            const records = await readChangeStream(database!, "ProductsChanges", openedAt);
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

interface DataChangeRecord {
    commit_timestamp: string;
    mods: { keys: string; new_values: string }[];
}

/** Reads every partition of a change stream from `start` until now (single-use strong reads, as the emulator requires). */
async function readChangeStream(
    database: Database,
    stream: string,
    start: Date,
): Promise<{ commitTimestamp: string; mods: { keysJson: string; newValuesJson: string }[] }[]> {
    const end = new Date(Date.now() + 1000);
    const out: { commitTimestamp: string; mods: { keysJson: string; newValuesJson: string }[] }[] = [];
    const read = async (token: string | null, from: Date) => {
        const [rows] = await database.run(
            {
                sql: `SELECT ChangeRecord FROM READ_${stream}(@start, @end, @token, 10000)`,
                params: { start: from, end, token },
                types: { start: "timestamp", end: "timestamp", token: "string" },
                json: true,
            },
            { strong: true } as never,
        );
        for (const row of rows as unknown as {
            ChangeRecord: {
                data_change_record: DataChangeRecord[];
                child_partitions_record: { start_timestamp: string; child_partitions: { token: string }[] }[];
            }[];
        }[]) {
            for (const record of row.ChangeRecord) {
                for (const change of record.data_change_record ?? []) {
                    out.push({
                        commitTimestamp: new Date(change.commit_timestamp).toISOString(),
                        mods: change.mods.map((m) => ({ keysJson: JSON.stringify(m.keys), newValuesJson: JSON.stringify(m.new_values) })),
                    });
                }
                for (const child of record.child_partitions_record ?? []) {
                    for (const partition of child.child_partitions) await read(partition.token, new Date(child.start_timestamp));
                }
            }
        }
    };
    await read(null, start);
    return out.sort((a, b) => a.commitTimestamp.localeCompare(b.commitTimestamp));
}
