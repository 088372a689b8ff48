/**
 * Firestore event log: `streams/{id}` holds the stream's head version, its `events`
 * subcollection one document per version. An append is one atomic commit that creates the
 * version documents (refused if any exists) and moves the head with them.
 */
import { Firestore, Timestamp } from "@google-cloud/firestore";
import { EventLog, StreamHead, VersionTakenError } from "./log";
import { RecordedEvent, Snapshot } from "./port";

export interface FirestoreEventLogOptions {
    /** Root collection of the stream documents. @default "streams" */
    readonly collection?: string;
}

/** gRPC ALREADY_EXISTS: a `create` found the document. */
const ALREADY_EXISTS = 6;
/** Versions as fixed-width document ids, so the console lists them in order. */
const versionId = (version: number) => String(version).padStart(10, "0");

interface HeadDoc {
    version: number;
    recordedAt: Timestamp;
}

export function firestoreEventLog(db: Firestore, options: FirestoreEventLogOptions = {}): EventLog {
    const root = db.collection(options.collection ?? "streams");
    // A stream id may hold '/', which Firestore reads as a path separator.
    const streamDoc = (stream: string) => root.doc(encodeURIComponent(stream));

    return {
        maxEventsPerAppend: 100,

        async head(stream): Promise<StreamHead | undefined> {
            const snap = await streamDoc(stream).get();
            const head = snap.data() as HeadDoc | undefined;
            return head && { version: head.version, recordedAt: head.recordedAt.toDate() };
        },

        async insert(events) {
            const stream = events[0].stream;
            const ref = streamDoc(stream);
            // One atomic commit (a write-only transaction): `create` fails the whole commit when
            // a version's document exists. It holds no locks across round trips, unlike a
            // read-write transaction, whose lock waits make a contended stream crawl.
            const batch = db.batch();
            for (const e of events) {
                batch.create(ref.collection("events").doc(versionId(e.version)), {
                    version: e.version,
                    eventId: e.eventId,
                    type: e.type,
                    data: JSON.stringify(e.data),
                    metadata: JSON.stringify(e.metadata),
                    recordedAt: Timestamp.fromDate(e.recordedAt),
                });
            }
            const last = events[events.length - 1];
            // Only the writer that created version N can move the head to N, so it never goes back.
            batch.set(ref, { stream, version: last.version, recordedAt: Timestamp.fromDate(last.recordedAt) });
            try {
                await batch.commit();
            } catch (err) {
                if ((err as { code?: number }).code === ALREADY_EXISTS) throw new VersionTakenError(stream, err);
                throw err;
            }
        },

        async read(stream, fromVersion, toVersion, until) {
            const snap = await streamDoc(stream)
                .collection("events")
                .where("version", ">=", fromVersion)
                .where("version", "<=", toVersion)
                .orderBy("version")
                .get();
            // `until` is applied here rather than in the query: two range fields need a composite index.
            const events = snap.docs.map((d): RecordedEvent => {
                const doc = d.data();
                return {
                    stream,
                    version: doc.version,
                    eventId: doc.eventId,
                    type: doc.type,
                    data: JSON.parse(doc.data),
                    metadata: JSON.parse(doc.metadata),
                    recordedAt: (doc.recordedAt as Timestamp).toDate(),
                };
            });
            return until ? events.filter((e) => e.recordedAt <= until) : events;
        },

        async latestSnapshot(stream, maxVersion, until): Promise<Snapshot | undefined> {
            const snapshots = streamDoc(stream).collection("snapshots");
            const newest = await snapshots.where("version", "<=", maxVersion).orderBy("version", "desc").limit(1).get();
            const toSnapshot = (doc: FirebaseFirestore.DocumentData): Snapshot => ({
                stream,
                version: doc.version,
                recordedAt: (doc.recordedAt as Timestamp).toDate(),
                state: JSON.parse(doc.state),
            });
            const found = newest.docs[0] && toSnapshot(newest.docs[0].data());
            if (!found || !until || found.recordedAt <= until) return found;
            // recordedAt grows with version, so the newest snapshot by time is the one wanted;
            // finding none only means replaying from the first event.
            const byTime = await snapshots
                .where("recordedAt", "<=", Timestamp.fromDate(until))
                .orderBy("recordedAt", "desc")
                .limit(1)
                .get();
            const older = byTime.docs[0] && toSnapshot(byTime.docs[0].data());
            return older && older.version <= maxVersion ? older : undefined;
        },

        async saveSnapshot(snapshot) {
            await streamDoc(snapshot.stream)
                .collection("snapshots")
                .doc(versionId(snapshot.version))
                .set({
                    version: snapshot.version,
                    recordedAt: Timestamp.fromDate(snapshot.recordedAt),
                    state: JSON.stringify(snapshot.state),
                });
        },
    };
}
