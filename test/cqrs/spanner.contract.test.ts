import { strict as assert } from "node:assert";
import { CHANGE_DECODERS, Change } from "../../handlers/cqrs/changes";
import { spannerDocumentDdl, spannerDocumentStore } from "../../handlers/stores/documents/spanner";
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
        // The change stream's data change records, each turned into the JSON the Spanner change
        // streams to Pub/Sub template publishes (a DataChangeRecord with mods), then decoded.
        async changes() {
            const records = await readChangeStream(peer.endpoint, databaseName, "ProductsChanges", openedAt);
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

/** A change record as REST reads it: STRUCTs are arrays in `rowType` order, JSON columns JSON text. */
type ChangeRecord = [
    dataChangeRecords: unknown[][],
    heartbeatRecords: unknown[],
    childPartitionsRecords: [startTimestamp: string, recordSequence: string, childPartitions: [token: string, parents: string[]][]][],
];

/** Column positions in a data change record's STRUCT and in a mod's, as the emulator's rowType lists them. */
const DATA_CHANGE = { commitTimestamp: 0, mods: 6 };
const MOD = { keys: 0, newValues: 1 };

/**
 * Reads every partition of a change stream from `start` until now. A change stream query must be a
 * single-use strong read through ExecuteStreamingSql (the emulator refuses it through ExecuteSql):
 * over REST, `:executeStreamingSql` answers with one `{ result: PartialResultSet }` per line, each
 * with a flat `values` list (here one column, so one value per row).
 */
async function readChangeStream(
    endpoint: string,
    databaseName: string,
    stream: string,
    start: Date,
): Promise<{ commitTimestamp: string; mods: { keysJson: string; newValuesJson: string }[] }[]> {
    const post = async (path: string, body: unknown) => {
        const res = await fetch(`${endpoint}/v1/${path}`, { method: "POST", body: JSON.stringify(body) });
        const text = await res.text();
        assert.equal(res.status, 200, `${path}: ${text}`);
        return text;
    };
    const session = (JSON.parse(await post(`${databaseName}/sessions`, {})) as { name: string }).name;
    const end = new Date(Date.now() + 1000);
    const out: { commitTimestamp: string; mods: { keysJson: string; newValuesJson: string }[] }[] = [];
    const read = async (token: string | null, from: Date) => {
        const answer = await post(`${session}:executeStreamingSql`, {
            transaction: { singleUse: { readOnly: { strong: true } } },
            sql: `SELECT ChangeRecord FROM READ_${stream}(@start, @end, @token, 10000)`,
            params: { start: from.toISOString(), end: end.toISOString(), token },
            paramTypes: { start: { code: "TIMESTAMP" }, end: { code: "TIMESTAMP" }, token: { code: "STRING" } },
        });
        for (const line of answer.split("\n").filter((l) => l.trim() !== "")) {
            const { result } = JSON.parse(line) as { result: { values?: ChangeRecord[][]; chunkedValue?: boolean } };
            // Records this small are never split across results; a reader of large ones would merge chunks.
            assert.ok(!result.chunkedValue, "a chunked change record: this reader does not merge chunks");
            for (const records of result.values ?? []) {
                for (const [dataChanges, , childPartitions] of records) {
                    for (const change of dataChanges) {
                        const mods = change[DATA_CHANGE.mods] as string[][];
                        out.push({
                            commitTimestamp: new Date(String(change[DATA_CHANGE.commitTimestamp])).toISOString(),
                            mods: mods.map((m) => ({ keysJson: m[MOD.keys], newValuesJson: m[MOD.newValues] })),
                        });
                    }
                    for (const [startTimestamp, , partitions] of childPartitions) {
                        for (const [childToken] of partitions) await read(childToken, new Date(startTimestamp));
                    }
                }
            }
        }
    };
    await read(null, start);
    return out.sort((a, b) => a.commitTimestamp.localeCompare(b.commitTimestamp));
}
