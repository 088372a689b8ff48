/**
 * What one database adapter implements. `createEventStore` builds the whole port on it, so
 * expected-version rules, monotonic timestamps and retries are written once for every database.
 */
import { ExpectedVersion, RecordedEvent, Snapshot } from "./port";

/** The last event of a stream. */
export interface StreamHead {
    readonly version: number;
    readonly recordedAt: Date;
}

export interface EventLog {
    /** Most events one atomic insert may carry (DynamoDB and Cosmos DB transactions take 100). */
    readonly maxEventsPerAppend: number;
    /** The stream's last event, read consistently; undefined when the stream has no events. */
    head(stream: string): Promise<StreamHead | undefined>;
    /**
     * Stores all of the events (one stream, consecutive versions) or none of them. Throws
     * {@link VersionTakenError} when any of the versions is already stored: the database's
     * uniqueness of (stream, version) is what makes concurrent appends safe.
     */
    insert(events: readonly RecordedEvent[]): Promise<void>;
    /**
     * Checks the expectation against the head and inserts after it in one round trip: the
     * database numbers the events and stamps them no earlier than the head. Optional; without it
     * the store reads the head, then inserts. Throws {@link VersionTakenError} like `insert`.
     */
    appendAfterHead?(stream: string, expected: ExpectedVersion, events: readonly PendingEvent[], now: Date): Promise<AppendAfterHead>;
    /** Events with fromVersion <= version <= toVersion (and recordedAt <= until), ascending. */
    read(stream: string, fromVersion: number, toVersion: number, until?: Date): Promise<RecordedEvent[]>;
    /** The snapshot with the highest version <= maxVersion (and recordedAt <= until). */
    latestSnapshot(stream: string, maxVersion: number, until?: Date): Promise<Snapshot | undefined>;
    /** Writes (or overwrites) the snapshot at its version. */
    saveSnapshot(snapshot: Snapshot): Promise<void>;
}

/** An event before the database gives it its version and time. */
export type PendingEvent = Omit<RecordedEvent, "stream" | "version" | "recordedAt">;

/** The events as stored, or the head's version when the expectation did not hold. */
export type AppendAfterHead = { readonly appended: readonly RecordedEvent[] } | { readonly conflictAt: number };

/** A version the insert wanted is already stored (another writer got there first). */
export class VersionTakenError extends Error {
    constructor(stream: string, cause?: unknown) {
        super(`stream '${stream}': a version being appended is already stored`, { cause });
        this.name = "VersionTakenError";
    }
}

/** Versions are stored as integers; the largest one a query may name. */
export const MAX_VERSION = 2_147_483_647;
