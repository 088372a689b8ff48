/**
 * Firestore event log: `streams/{id}` holds the stream's head version, its `events`
 * subcollection one document per version. An append is one atomic commit that creates the
 * version documents (refused if any exists) and moves the head with them.
 */
import type { FirestoreDatabase } from "../clients/firestore-rest";
import type { DocumentData } from "../clients/firestore-values";
import { GoogleApiError } from "../clients/google-rest";
import { EventLog, StreamHead, VersionTakenError } from "./log";
import { RecordedEvent, Snapshot } from "./port";

export interface FirestoreEventLogOptions {
    /** Root collection of the stream documents. @default "streams" */
    readonly collection?: string;
}

/** Versions as fixed-width document ids, so the console lists them in order. */
const versionId = (version: number) => String(version).padStart(10, "0");

interface HeadDoc {
    version: number;
    recordedAt: Date;
}

export function firestoreEventLog(db: FirestoreDatabase, options: FirestoreEventLogOptions = {}): EventLog {
    const root = options.collection ?? "streams";
    // A stream id may hold '/', which Firestore reads as a path separator.
    const streamDoc = (stream: string) => `${root}/${encodeURIComponent(stream)}`;
    const toSnapshot = (stream: string, doc: DocumentData): Snapshot => ({
        stream,
        version: doc.version as number,
        recordedAt: doc.recordedAt as Date,
        state: JSON.parse(doc.state as string),
    });

    return {
        maxEventsPerAppend: 100,

        async head(stream): Promise<StreamHead | undefined> {
            const head = (await db.get(streamDoc(stream))) as HeadDoc | undefined;
            return head && { version: head.version, recordedAt: head.recordedAt };
        },

        // No appendAfterHead: a new stream's first append is one commit (event-store.ts), but an
        // expected version N costs the head read and the commit. A write's precondition is only
        // `exists` or `updateTime` (google.firestore.v1.Precondition, cloud.google.com/dotnet/docs/
        // reference/Google.Cloud.Firestore.V1/latest/Google.Cloud.Firestore.V1.Precondition):
        // `exists: false` on version N+1 and an empty-mask update with `exists: true` on version N
        // would prove the head is N, but nothing can compare N's recordedAt with this writer's
        // clock, so a writer whose clock is behind would record an event before its predecessor.
        // Stamping events with the commit time instead (a REQUEST_TIME transform) would keep them
        // in order, but recordedAt would no longer come from the store's clock, which replays and
        // the contract suite's temporal tests inject (EventStoreOptions.clock).
        async insert(events) {
            const stream = events[0].stream;
            const doc = streamDoc(stream);
            // One atomic commit (a write-only transaction): a version's document is written only if
            // none exists, or the whole commit fails. It holds no locks across round trips, unlike a
            // read-write transaction, whose lock waits make a contended stream crawl.
            const last = events[events.length - 1];
            try {
                await db.commit([
                    ...events.map((e) => ({
                        set: `${doc}/events/${versionId(e.version)}`,
                        exists: false as const,
                        data: {
                            version: e.version,
                            eventId: e.eventId,
                            type: e.type,
                            data: JSON.stringify(e.data),
                            metadata: JSON.stringify(e.metadata),
                            recordedAt: e.recordedAt,
                        },
                    })),
                    // Only the writer that created version N can move the head to N, so it never goes back.
                    { set: doc, data: { stream, version: last.version, recordedAt: last.recordedAt } },
                ]);
            } catch (err) {
                if (err instanceof GoogleApiError && err.status === "ALREADY_EXISTS") throw new VersionTakenError(stream, err);
                throw err;
            }
        },

        async read(stream, fromVersion, toVersion, until) {
            const docs = await db.query(`${streamDoc(stream)}/events`, {
                where: [
                    { field: "version", op: ">=", value: fromVersion },
                    { field: "version", op: "<=", value: toVersion },
                ],
                orderBy: { field: "version", direction: "asc" },
            });
            // `until` is applied here rather than in the query: two range fields need a composite index.
            const events = docs.map((doc): RecordedEvent => ({
                stream,
                version: doc.version as number,
                eventId: doc.eventId as string,
                type: doc.type as string,
                data: JSON.parse(doc.data as string),
                metadata: JSON.parse(doc.metadata as string),
                recordedAt: doc.recordedAt as Date,
            }));
            return until ? events.filter((e) => e.recordedAt <= until) : events;
        },

        async latestSnapshot(stream, maxVersion, until): Promise<Snapshot | undefined> {
            const snapshots = `${streamDoc(stream)}/snapshots`;
            const [newest] = await db.query(snapshots, {
                where: [{ field: "version", op: "<=", value: maxVersion }],
                orderBy: { field: "version", direction: "desc" },
                limit: 1,
            });
            const found = newest && toSnapshot(stream, newest);
            if (!found || !until || found.recordedAt <= until) return found;
            // recordedAt grows with version, so the newest snapshot by time is the one wanted;
            // finding none only means replaying from the first event.
            const [byTime] = await db.query(snapshots, {
                where: [{ field: "recordedAt", op: "<=", value: until }],
                orderBy: { field: "recordedAt", direction: "desc" },
                limit: 1,
            });
            const older = byTime && toSnapshot(stream, byTime);
            return older && older.version <= maxVersion ? older : undefined;
        },

        async saveSnapshot(snapshot) {
            await db.commit([
                {
                    set: `${streamDoc(snapshot.stream)}/snapshots/${versionId(snapshot.version)}`,
                    data: { version: snapshot.version, recordedAt: snapshot.recordedAt, state: JSON.stringify(snapshot.state) },
                },
            ]);
        },
    };
}
