/**
 * DynamoDB event log: table key (streamId, version). A single event is a conditional put
 * (`attribute_not_exists`), several are one TransactWriteItems, so a version already taken
 * fails the whole append (ConditionalCheckFailed is the conflict). Snapshots live in their own
 * table, so the events table's stream carries nothing but events to EventBridge.
 */
import { ConditionalCheckFailedError, DynamoDocumentClient, QueryInput, TransactionCanceledError } from "../clients/dynamodb";
import { EventLog, StreamHead, VersionTakenError } from "./log";
import { meetsExpectedVersion, RecordedEvent, Snapshot } from "./port";

export interface DynamoEventLogTables {
    readonly eventsTable: string;
    readonly snapshotsTable: string;
}

/** Attribute names; `#v` etc. because version, type and data are DynamoDB reserved words. */
const NAMES = { "#s": "streamId", "#v": "version", "#at": "recordedAt" };
/** TransactWriteItems and Cosmos DB batches both stop at 100 items. */
const MAX_TRANSACTION_ITEMS = 100;

interface EventItem {
    streamId: string;
    version: number;
    eventId: string;
    type: string;
    data: string;
    metadata: string;
    recordedAt: string;
}

export function dynamoEventLog(client: DynamoDocumentClient, tables: DynamoEventLogTables): EventLog {
    async function* query(input: QueryInput) {
        let start: Record<string, unknown> | undefined;
        do {
            const page = await client.query({ ...input, ExclusiveStartKey: start, ConsistentRead: true });
            yield* page.items;
            start = page.lastEvaluatedKey;
        } while (start);
    }

    const range = (table: string, stream: string, from: number, to: number, until?: Date): QueryInput => ({
        TableName: table,
        KeyConditionExpression: "#s = :s AND #v BETWEEN :from AND :to",
        ...(until ? { FilterExpression: "#at <= :until" } : {}),
        ExpressionAttributeNames: until ? NAMES : { "#s": NAMES["#s"], "#v": NAMES["#v"] },
        ExpressionAttributeValues: { ":s": stream, ":from": from, ":to": to, ...(until ? { ":until": until.toISOString() } : {}) },
    });

    async function head(stream: string): Promise<StreamHead | undefined> {
        const page = await client.query({
            TableName: tables.eventsTable,
            KeyConditionExpression: "#s = :s",
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ":s": stream },
            ProjectionExpression: "#v, #at",
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
        });
        const item = page.items[0];
        return item && { version: Number(item.version), recordedAt: new Date(String(item.recordedAt)) };
    }

    /**
     * Puts the events, each only where its version is not stored. With `after`, the same
     * transaction first checks that version `after` is stored no later than the events' time:
     * the expected version and the monotonic clock in one request. False when that check failed.
     */
    async function put(events: readonly RecordedEvent[], after?: number): Promise<boolean> {
        const puts = events.map((e) => ({
            TableName: tables.eventsTable,
            Item: { ...toItem(e) },
            ConditionExpression: "attribute_not_exists(#v)",
            ExpressionAttributeNames: { "#v": "version" },
        }));
        const check = after && {
            TableName: tables.eventsTable,
            Key: { streamId: events[0].stream, version: after },
            ConditionExpression: "attribute_exists(#v) AND #at <= :at",
            ExpressionAttributeNames: { "#v": "version", "#at": "recordedAt" },
            ExpressionAttributeValues: { ":at": events[0].recordedAt.toISOString() },
        };
        try {
            if (!check && puts.length === 1) await client.put(puts[0]);
            else await client.transactWrite([...(check ? [{ ConditionCheck: check }] : []), ...puts.map((Put) => ({ Put }))]);
            return true;
        } catch (err) {
            if (check && err instanceof TransactionCanceledError && err.cancellationReasons[0]?.Code === "ConditionalCheckFailed")
                return false;
            if (isVersionTaken(err)) throw new VersionTakenError(events[0].stream, err);
            throw err;
        }
    }

    return {
        maxEventsPerAppend: MAX_TRANSACTION_ITEMS,

        head,

        insert: async (events) => void (await put(events)),

        // An expected version is one request: a conditional put (version 1) or a transaction that
        // also checks the expected version (after it). The head is read only for `any` and
        // `stream-exists`, to report a conflict, or when this writer's clock is behind the head's.
        async appendAfterHead(stream, expected, pending, now) {
            const at = (version: number, recordedAt: Date) =>
                pending.map((e, i) => ({ ...e, stream, version: version + i + 1, recordedAt }));
            const after = expected === "no-stream" ? 0 : expected;
            try {
                if (typeof after === "number" && (await put(at(after, now), after))) return { appended: at(after, now) };
            } catch (err) {
                if (!(err instanceof VersionTakenError)) throw err;
                // Still at the expected version: a transaction conflict, not a taken version; the store tries again.
                const current = (await head(stream))?.version ?? 0;
                if (current === after) throw err;
                return { conflictAt: current };
            }
            const last = await head(stream);
            const current = last?.version ?? 0;
            if (!meetsExpectedVersion(expected, current)) return { conflictAt: current };
            const events = at(current, last && last.recordedAt > now ? last.recordedAt : now);
            await put(events);
            return { appended: events };
        },

        async read(stream, fromVersion, toVersion, until) {
            const events: RecordedEvent[] = [];
            for await (const item of query(range(tables.eventsTable, stream, fromVersion, toVersion, until)))
                events.push(fromItem(item as unknown as EventItem));
            return events;
        },

        async latestSnapshot(stream, maxVersion, until): Promise<Snapshot | undefined> {
            // Newest first; with `until` the filter may skip a few snapshots written after it.
            const input = {
                ...range(tables.snapshotsTable, stream, 0, maxVersion, until),
                ScanIndexForward: false,
                ...(until ? {} : { Limit: 1 }),
            };
            for await (const item of query(input)) {
                return {
                    stream,
                    version: Number(item.version),
                    recordedAt: new Date(String(item.recordedAt)),
                    state: JSON.parse(String(item.state)),
                };
            }
            return undefined;
        },

        async saveSnapshot(snapshot) {
            await client.put({
                TableName: tables.snapshotsTable,
                Item: {
                    streamId: snapshot.stream,
                    version: snapshot.version,
                    recordedAt: snapshot.recordedAt.toISOString(),
                    state: JSON.stringify(snapshot.state),
                },
            });
        },
    };
}

/**
 * A conditional put that found the version, or a transaction cancelled by one (or by another
 * transaction on the same item, which the store treats as a lost race and re-reads).
 */
function isVersionTaken(err: unknown): boolean {
    if (err instanceof ConditionalCheckFailedError) return true;
    if (!(err instanceof TransactionCanceledError)) return false;
    const codes = err.cancellationReasons.map((r) => r.Code);
    return (
        codes.some((c) => c === "ConditionalCheckFailed" || c === "TransactionConflict") &&
        codes.every((c) => c === "None" || c === "ConditionalCheckFailed" || c === "TransactionConflict")
    );
}

// Payloads as JSON text: they round-trip exactly (DynamoDB's number and empty-set rules do not apply).
function toItem(e: RecordedEvent): EventItem {
    return {
        streamId: e.stream,
        version: e.version,
        eventId: e.eventId,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
        recordedAt: e.recordedAt.toISOString(),
    };
}

function fromItem(item: EventItem): RecordedEvent {
    return {
        stream: item.streamId,
        version: Number(item.version),
        eventId: item.eventId,
        type: item.type,
        data: JSON.parse(item.data),
        metadata: JSON.parse(item.metadata),
        recordedAt: new Date(item.recordedAt),
    };
}
