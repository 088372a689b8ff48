/**
 * A Spanner change stream read over the emulator's REST gateway, as Dataflow's change streams
 * connector reads it ("Change stream partitions, records, and queries" in the Spanner docs): a
 * single-use strong read of `READ_<stream>(start, end, partition_token, heartbeat_ms)` through
 * `:executeStreamingSql` (the emulator refuses it through ExecuteSql), starting with the root
 * partition (a NULL token) and following every child partition record. Each data change record is
 * returned as the JSON Google's "Spanner change streams to Pub/Sub" template publishes with
 * `outputDataFormat: JSON`: the connector's DataChangeRecord (partitionToken, commitTimestamp,
 * serverTransactionId, isLastRecordInTransactionInPartition, recordSequence, tableName, rowType,
 * mods of keysJson / newValuesJson / oldValuesJson, modType, valueCaptureType, the transaction's
 * record and partition counts, transactionTag, isSystemTransaction).
 */
import { decodeStruct, type SpannerField } from "../../../handlers/stores/clients/spanner-rest";

/** A data change record, as the template publishes it (the fields the connector's DataChangeRecord has). */
export interface DataChangeRecord {
    readonly partitionToken: string | null;
    readonly commitTimestamp: string;
    readonly serverTransactionId: string;
    readonly isLastRecordInTransactionInPartition: boolean;
    readonly recordSequence: string;
    readonly tableName: string;
    readonly rowType: readonly { name: string; type: { code: string }; isPrimaryKey: boolean; ordinalPosition: number }[];
    readonly mods: readonly { keysJson: string; newValuesJson: string; oldValuesJson: string }[];
    readonly modType: string;
    readonly valueCaptureType: string;
    readonly numberOfRecordsInTransaction: number;
    readonly numberOfPartitionsInTransaction: number;
    readonly transactionTag: string;
    readonly isSystemTransaction: boolean;
}

/** The change record STRUCT's members, by the names the change stream query's row type gives them. */
interface ChangeRecordRow {
    readonly data_change_record: readonly Record<string, unknown>[];
    readonly child_partitions_record: readonly {
        start_timestamp: string;
        child_partitions: readonly { token: string; parent_partition_tokens: readonly string[] }[];
    }[];
}

/** `:executeStreamingSql` answers one `{ result: PartialResultSet }` per line (grpc-gateway's streaming JSON). */
interface PartialResultSet {
    readonly metadata?: { readonly rowType?: { readonly fields: readonly SpannerField[] } };
    readonly values?: readonly unknown[];
    readonly chunkedValue?: boolean;
}

const HEARTBEAT_MS = 10_000;

function dataChangeRecord(token: string | null, record: Record<string, unknown>): DataChangeRecord {
    const columns = record.column_types as { name: string; type: string; is_primary_key: boolean; ordinal_position: string }[];
    const mods = record.mods as { keys: string; new_values: string | null; old_values: string | null }[];
    return {
        partitionToken: token,
        commitTimestamp: String(record.commit_timestamp),
        serverTransactionId: String(record.server_transaction_id),
        isLastRecordInTransactionInPartition: record.is_last_record_in_transaction_in_partition === true,
        recordSequence: String(record.record_sequence),
        tableName: String(record.table_name),
        rowType: columns.map((c) => ({
            name: c.name,
            type: typeof c.type === "string" ? (JSON.parse(c.type) as { code: string }) : c.type,
            isPrimaryKey: c.is_primary_key,
            ordinalPosition: Number(c.ordinal_position),
        })),
        mods: mods.map((m) => ({ keysJson: m.keys, newValuesJson: m.new_values ?? "", oldValuesJson: m.old_values ?? "" })),
        modType: String(record.mod_type),
        valueCaptureType: String(record.value_capture_type),
        numberOfRecordsInTransaction: Number(record.number_of_records_in_transaction),
        numberOfPartitionsInTransaction: Number(record.number_of_partitions_in_transaction),
        transactionTag: String(record.transaction_tag ?? ""),
        isSystemTransaction: record.is_system_transaction === true,
    };
}

/**
 * Every data change record of `stream` committed in [start, end], over all partitions, in commit
 * order. `endpoint` is the emulator's REST gateway; `databaseName` the full name.
 */
export async function readChangeStream(
    endpoint: string,
    databaseName: string,
    stream: string,
    start: Date,
    end: Date,
): Promise<DataChangeRecord[]> {
    const post = async (path: string, body: unknown) => {
        const res = await fetch(`${endpoint}/v1/${path}`, { method: "POST", body: JSON.stringify(body) });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`Spanner emulator: ${path} answered ${res.status}: ${text.slice(0, 300)}`);
        return text;
    };
    const session = (JSON.parse(await post(`${databaseName}/sessions`, {})) as { name: string }).name;
    const out: DataChangeRecord[] = [];
    // A partition that merges two parents is announced by both: read it once.
    const followed = new Set<string>();
    // Timestamps stay the emulator's text: a child partition starts at a microsecond a Date would round down, before the partition.
    const read = async (token: string | null, from: string) => {
        const answer = await post(`${session}:executeStreamingSql`, {
            transaction: { singleUse: { readOnly: { strong: true } } },
            sql: `SELECT ChangeRecord FROM READ_${stream}(@start, @end, @token, ${HEARTBEAT_MS})`,
            params: { start: from, end: end.toISOString(), token },
            paramTypes: { start: { code: "TIMESTAMP" }, end: { code: "TIMESTAMP" }, token: { code: "STRING" } },
        });
        let columns: readonly SpannerField[] | undefined;
        for (const line of answer.split("\n").filter((l) => l.trim() !== "")) {
            const { result } = JSON.parse(line) as { result: PartialResultSet };
            columns ??= result.metadata?.rowType?.fields;
            // Records this small are never split across results; a reader of large ones would merge chunks.
            if (result.chunkedValue) throw new Error("a chunked change record: this reader does not merge chunks");
            const [column] = columns ?? [];
            if (!column?.type.arrayElementType?.structType)
                throw new Error(`unexpected change stream row type: ${JSON.stringify(columns)}`);
            for (const value of result.values ?? []) {
                for (const item of value as unknown[][]) {
                    const record = decodeStruct(column.type.arrayElementType.structType.fields, item) as unknown as ChangeRecordRow;
                    for (const change of record.data_change_record ?? []) out.push(dataChangeRecord(token, change));
                    for (const child of record.child_partitions_record ?? [])
                        for (const partition of child.child_partitions)
                            if (!followed.has(partition.token)) {
                                followed.add(partition.token);
                                await read(partition.token, child.start_timestamp);
                            }
                }
            }
        }
    };
    await read(null, start.toISOString());
    await fetch(`${endpoint}/v1/${session}`, { method: "DELETE" }).catch(() => undefined);
    return out.sort((a, b) => a.commitTimestamp.localeCompare(b.commitTimestamp));
}
