/**
 * Cosmos DB event log: the events container is partitioned by `/streamId` and an event's id is
 * its version, so a second create of a version in the partition fails with 409. Several events
 * go in one transactional batch (atomic within the partition; a failing create answers 409 and
 * the rest 424). Snapshots have their own container, so the change feed carries only events.
 */
import type { BatchOperation, CosmosRestContainer as Container } from "../clients/cosmos-rest";
import { EventLog, StreamHead, VersionTakenError } from "./log";
import { RecordedEvent, Snapshot } from "./port";

export interface CosmosEventLogContainers {
    readonly events: Container;
    readonly snapshots: Container;
}

const CONFLICT = 409;
/** The status of the other operations of a batch one operation failed. */
const FAILED_DEPENDENCY = 424;

/** An event as a Cosmos DB document. */
export interface EventDocument {
    id: string;
    streamId: string;
    version: number;
    eventId: string;
    type: string;
    data: unknown;
    metadata: Record<string, unknown>;
    recordedAt: string;
}

export function cosmosEventLog(containers: CosmosEventLogContainers): EventLog {
    const { events: eventsContainer, snapshots } = containers;
    const queryAll = async <T>(
        container: Container,
        stream: string,
        query: string,
        parameters: { name: string; value: string | number }[],
    ) =>
        (
            await container.items
                .query<T>({ query, parameters: [{ name: "@s", value: stream }, ...parameters] }, { partitionKey: stream })
                .fetchAll()
        ).resources;

    return {
        maxEventsPerAppend: 100,

        async head(stream): Promise<StreamHead | undefined> {
            const [last] = await queryAll<{ version: number; recordedAt: string }>(
                eventsContainer,
                stream,
                "SELECT TOP 1 c.version, c.recordedAt FROM c WHERE c.streamId = @s ORDER BY c.version DESC",
                [],
            );
            return last && { version: last.version, recordedAt: new Date(last.recordedAt) };
        },

        // No appendAfterHead: a new stream's first append is one create (event-store.ts), but an
        // expected version N costs the head query and the create. One batch cannot do both here:
        // - Creating N+1 while reading N in the batch (Read fails it with 404) proves the head is N,
        //   but the create's recordedAt is fixed before N's is known, so a writer whose clock is
        //   behind would record an event before its predecessor (the monotonic recordedAt rule).
        // - A conditional Patch (`condition: "FROM c WHERE c.version = @n AND c.recordedAt <= @now"`,
        //   learn.microsoft.com/azure/cosmos-db/partial-document-update-getting-started) can check
        //   both, but only on a document it rewrites: event N itself, which the change feed would
        //   then carry again to the publisher, or a per-stream head document in this container
        //   (a batch stays within one container and partition key), which the change feed would
        //   carry on every append and every reader would have to skip.
        // - The peer the contract suite runs on (@vercel/cosmosdb-server 1.0.1) answers 400
        //   "Operation type 'Patch' is not supported in Batch." (lib/handler/batch-documents.js)
        //   and runs a batch's operations one by one, so no such append could be shown correct here.
        async insert(events) {
            const stream = events[0].stream;
            const docs = events.map(toDocument);
            if (docs.length === 1) {
                try {
                    await eventsContainer.items.create(docs[0]);
                } catch (err) {
                    if ((err as { code?: number }).code === CONFLICT) throw new VersionTakenError(stream, err);
                    throw err;
                }
                return;
            }
            const operations: BatchOperation[] = docs.map((doc) => ({ operationType: "Create", resourceBody: { ...doc } }));
            const response = await eventsContainer.items.batch(operations, stream);
            throwOnBatchFailure(stream, response.result);
        },

        async read(stream, fromVersion, toVersion, until) {
            const docs = await queryAll<EventDocument>(
                eventsContainer,
                stream,
                `SELECT * FROM c WHERE c.streamId = @s AND c.version >= @from AND c.version <= @to${until ? " AND c.recordedAt <= @until" : ""} ORDER BY c.version`,
                [
                    { name: "@from", value: fromVersion },
                    { name: "@to", value: toVersion },
                    ...(until ? [{ name: "@until", value: until.toISOString() }] : []),
                ],
            );
            return docs.map(fromDocument);
        },

        async latestSnapshot(stream, maxVersion, until): Promise<Snapshot | undefined> {
            const [doc] = await queryAll<{ version: number; recordedAt: string; state: unknown }>(
                snapshots,
                stream,
                `SELECT TOP 1 * FROM c WHERE c.streamId = @s AND c.version <= @max${until ? " AND c.recordedAt <= @until" : ""} ORDER BY c.version DESC`,
                [{ name: "@max", value: maxVersion }, ...(until ? [{ name: "@until", value: until.toISOString() }] : [])],
            );
            return doc && { stream, version: doc.version, recordedAt: new Date(doc.recordedAt), state: doc.state };
        },

        async saveSnapshot(snapshot) {
            await snapshots.items.upsert({
                id: String(snapshot.version),
                streamId: snapshot.stream,
                version: snapshot.version,
                recordedAt: snapshot.recordedAt.toISOString(),
                state: snapshot.state,
            });
        },
    };
}

/**
 * A batch's answer: any 409 means a version was taken (the service then applied nothing);
 * any other failure is an error naming the statuses.
 */
export function throwOnBatchFailure(stream: string, results: readonly { readonly statusCode: number }[]): void {
    const codes = results.map((r) => r.statusCode);
    if (codes.includes(CONFLICT)) throw new VersionTakenError(stream);
    const failed = codes.filter((c) => c >= 400 && c !== FAILED_DEPENDENCY);
    if (failed.length || codes.some((c) => c === FAILED_DEPENDENCY)) {
        throw new Error(`stream '${stream}': Cosmos DB batch failed with statuses ${codes.join(", ")}`);
    }
}

export function toDocument(e: RecordedEvent): EventDocument {
    return {
        id: String(e.version),
        streamId: e.stream,
        version: e.version,
        eventId: e.eventId,
        type: e.type,
        data: e.data,
        metadata: { ...e.metadata },
        recordedAt: e.recordedAt.toISOString(),
    };
}

export function fromDocument(doc: EventDocument): RecordedEvent {
    return {
        stream: doc.streamId,
        version: doc.version,
        eventId: doc.eventId,
        type: doc.type,
        data: doc.data,
        metadata: doc.metadata ?? {},
        recordedAt: new Date(doc.recordedAt),
    };
}
