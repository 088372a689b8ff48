/**
 * What one database adapter implements. `createEventStore` builds the whole port on it, so
 * expected-version rules, monotonic timestamps and retries are written once for every database.
 */
import { RecordedEvent, Snapshot } from "./port";

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
    /** Events with fromVersion <= version <= toVersion (and recordedAt <= until), ascending. */
    read(stream: string, fromVersion: number, toVersion: number, until?: Date): Promise<RecordedEvent[]>;
    /** The snapshot with the highest version <= maxVersion (and recordedAt <= until). */
    latestSnapshot(stream: string, maxVersion: number, until?: Date): Promise<Snapshot | undefined>;
    /** Writes (or overwrites) the snapshot at its version. */
    saveSnapshot(snapshot: Snapshot): Promise<void>;
}

/** A version the insert wanted is already stored (another writer got there first). */
export class VersionTakenError extends Error {
    constructor(stream: string, cause?: unknown) {
        super(`stream '${stream}': a version being appended is already stored`, { cause });
        this.name = "VersionTakenError";
    }
}

/** Versions are stored as integers; the largest one a query may name. */
export const MAX_VERSION = 2_147_483_647;
