/**
 * The event store port, after emmett and EventStoreDB: append with an expected version,
 * read a stream (by version range or up to a moment), aggregate it with a snapshot.
 */

/** What a caller expects of the stream when appending (EventStoreDB's expected states). */
export type ExpectedVersion =
    /** The stream's last version must be exactly this (0 = the stream has no events). */
    | number
    /** The stream must not exist yet. */
    | "no-stream"
    /** The stream must have at least one event. */
    | "stream-exists"
    /** No concurrency check: append after whatever is there. */
    | "any";

export const EXPECTED_VERSION_STATES = ["no-stream", "stream-exists", "any"] as const;

/** Whether a stream at version `current` (0 = no stream) meets the expectation. */
export function meetsExpectedVersion(expected: ExpectedVersion, current: number): boolean {
    switch (expected) {
        case "any":
            return true;
        case "no-stream":
            return current === 0;
        case "stream-exists":
            return current > 0;
        default:
            return current === expected;
    }
}

/** An event to append. */
export interface NewEvent {
    readonly type: string;
    readonly data: unknown;
    readonly metadata?: Readonly<Record<string, unknown>>;
    /** Defaults to a random UUID. */
    readonly eventId?: string;
}

/** An event as stored: versions of a stream run 1..N without gap. */
export interface RecordedEvent {
    readonly stream: string;
    readonly version: number;
    readonly eventId: string;
    readonly type: string;
    readonly data: unknown;
    readonly metadata: Readonly<Record<string, unknown>>;
    /** Never earlier than the previous event of the stream (the store keeps it monotonic). */
    readonly recordedAt: Date;
}

export interface AppendOptions {
    /** @default "any" */
    readonly expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
    /** The stream's version after the append: pass it as the next expectedVersion. */
    readonly nextExpectedVersion: number;
    readonly events: readonly RecordedEvent[];
}

export interface ReadOptions {
    /** @default 1 */
    readonly fromVersion?: number;
    /** Inclusive. @default the last version */
    readonly toVersion?: number;
    /** Only events recorded at or before this moment. */
    readonly until?: Date;
}

/** A stored state of a stream at one version, so replay can start there. */
export interface Snapshot<State = unknown> {
    readonly stream: string;
    readonly version: number;
    /** recordedAt of the event at `version`. */
    readonly recordedAt: Date;
    readonly state: State;
}

export interface AggregateOptions<State, Event extends RecordedEvent = RecordedEvent> {
    readonly evolve: (state: State, event: Event) => State;
    readonly initialState: () => State;
    readonly toVersion?: number;
    readonly until?: Date;
    /** Start from the newest snapshot not after the requested point. @default true */
    readonly useSnapshots?: boolean;
    /**
     * Store a snapshot when the replayed version is at least this many events past the one
     * replay started from. 0 = never. @default 0
     */
    readonly snapshotEvery?: number;
}

export interface AggregateResult<State> {
    readonly state: State;
    /** The version the state is at (0 = no events). */
    readonly version: number;
    /** The snapshot version replay started from (0 = from the first event). */
    readonly fromSnapshot: number;
    /** Events replayed on top of the snapshot. */
    readonly replayed: number;
}

export interface EventStore {
    appendToStream(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
    readStream(stream: string, options?: ReadOptions): Promise<RecordedEvent[]>;
    aggregateStream<State>(stream: string, options: AggregateOptions<State>): Promise<AggregateResult<State>>;
}

/** The stream was not at the expected version; `actual` is the version it is at (0 = no stream). */
export class VersionConflictError extends Error {
    constructor(
        readonly stream: string,
        readonly expected: ExpectedVersion,
        readonly actual: number,
    ) {
        super(`stream '${stream}': expected version ${JSON.stringify(expected)}, but the stream is at version ${actual}`);
        this.name = "VersionConflictError";
    }
}

/** An append or read was asked something the store does not allow; the message says what is allowed. */
export class EventStoreArgumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EventStoreArgumentError";
    }
}
