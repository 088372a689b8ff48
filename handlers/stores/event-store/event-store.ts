import { randomUUID } from "node:crypto";
import { EventLog, MAX_VERSION, PendingEvent, VersionTakenError } from "./log";
import {
    AggregateOptions,
    AggregateResult,
    AppendOptions,
    AppendResult,
    EXPECTED_VERSION_STATES,
    EventStore,
    EventStoreArgumentError,
    ExpectedVersion,
    meetsExpectedVersion,
    NewEvent,
    ReadOptions,
    RecordedEvent,
    VersionConflictError,
} from "./port";

export interface EventStoreOptions {
    /** Source of recordedAt; tests and replays inject their own. @default () => new Date() */
    readonly clock?: () => Date;
    /**
     * How many times an `any` / `stream-exists` append re-reads the head after losing a race
     * before giving up. @default 100
     */
    readonly maxAttempts?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The event store port on top of one database's {@link EventLog}. */
export function createEventStore(log: EventLog, options: EventStoreOptions = {}): EventStore {
    const clock = options.clock ?? (() => new Date());
    const maxAttempts = options.maxAttempts ?? 100;

    async function appendToStream(stream: string, events: readonly NewEvent[], append: AppendOptions = {}): Promise<AppendResult> {
        const expected = append.expectedVersion ?? "any";
        checkStream(stream);
        checkExpected(expected);
        checkEvents(events, log.maxEventsPerAppend);
        for (let attempt = 1; ; attempt++) {
            try {
                return await appendOnce(stream, events, expected);
            } catch (err) {
                if (!(err instanceof VersionTakenError)) throw err;
                // A numeric / no-stream expectation fails on the next head read; any and
                // stream-exists (and a spurious transaction conflict) try again after a pause.
                if (attempt >= maxAttempts) {
                    throw new Error(`stream '${stream}': append lost ${attempt} races in a row; the stream is too contended`, {
                        cause: err,
                    });
                }
                await pause(attempt);
            }
        }
    }

    async function appendOnce(stream: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
        const pending = events.map((e): PendingEvent => ({
            eventId: e.eventId ?? randomUUID(),
            type: e.type,
            data: e.data,
            metadata: e.metadata ?? {},
        }));
        if (log.appendAfterHead) {
            const outcome = await log.appendAfterHead(stream, expected, pending, clock());
            if ("conflictAt" in outcome) throw new VersionConflictError(stream, expected, outcome.conflictAt);
            return { nextExpectedVersion: outcome.appended[outcome.appended.length - 1].version, events: outcome.appended };
        }
        if (expected === "no-stream") return appendFirst(stream, pending);
        const head = await log.head(stream);
        const current = head?.version ?? 0;
        if (!meetsExpectedVersion(expected, current)) throw new VersionConflictError(stream, expected, current);
        // Never before the previous event, so a temporal query sees a prefix of the stream
        // even when function instances' clocks disagree.
        const now = clock();
        const recordedAt = head && head.recordedAt > now ? head.recordedAt : now;
        const recorded = pending.map((e, i): RecordedEvent => ({ ...e, stream, version: current + 1 + i, recordedAt }));
        await log.insert(recorded);
        return { nextExpectedVersion: current + events.length, events: recorded };
    }

    /**
     * A new stream's first events in one round trip: version 1 is free exactly when the stream has
     * none, which the insert's uniqueness decides, and no earlier event bounds recordedAt. The head
     * is read only to report a conflict (or, still empty, to let the caller try again).
     */
    async function appendFirst(stream: string, pending: readonly PendingEvent[]): Promise<AppendResult> {
        const recordedAt = clock();
        const recorded = pending.map((e, i): RecordedEvent => ({ ...e, stream, version: 1 + i, recordedAt }));
        try {
            await log.insert(recorded);
        } catch (err) {
            if (!(err instanceof VersionTakenError)) throw err;
            const current = (await log.head(stream))?.version ?? 0;
            if (current === 0) throw err;
            throw new VersionConflictError(stream, "no-stream", current);
        }
        return { nextExpectedVersion: recorded.length, events: recorded };
    }

    async function readStream(stream: string, read: ReadOptions = {}): Promise<RecordedEvent[]> {
        checkStream(stream);
        const from = read.fromVersion ?? 1;
        const to = read.toVersion ?? MAX_VERSION;
        checkVersion("fromVersion", from, 1);
        checkVersion("toVersion", to, 0);
        if (read.until !== undefined && Number.isNaN(read.until.getTime())) {
            throw new EventStoreArgumentError("until must be a valid date");
        }
        if (to < from) return [];
        const events = await log.read(stream, from, to, read.until);
        return read.until === undefined ? events : prefixUntil(events, read.until);
    }

    async function aggregateStream<State>(stream: string, aggregate: AggregateOptions<State>): Promise<AggregateResult<State>> {
        const to = aggregate.toVersion ?? MAX_VERSION;
        const snapshotEvery = aggregate.snapshotEvery ?? 0;
        checkVersion("snapshotEvery", snapshotEvery, 0);
        const snapshot = aggregate.useSnapshots === false ? undefined : await log.latestSnapshot(stream, to, aggregate.until);
        const fromSnapshot = snapshot?.version ?? 0;
        const events = await readStream(stream, { fromVersion: fromSnapshot + 1, toVersion: to, until: aggregate.until });
        const state = events.reduce(aggregate.evolve, snapshot ? (snapshot.state as State) : aggregate.initialState());
        const last = events[events.length - 1];
        const version = last?.version ?? fromSnapshot;
        if (last && snapshotEvery > 0 && version - fromSnapshot >= snapshotEvery) {
            await log.saveSnapshot({ stream, version, recordedAt: last.recordedAt, state });
        }
        return { state, version, fromSnapshot, replayed: events.length };
    }

    return { appendToStream, readStream, aggregateStream };
}

function prefixUntil(events: RecordedEvent[], until: Date): RecordedEvent[] {
    const end = events.findIndex((e) => e.recordedAt > until);
    return end < 0 ? events : events.slice(0, end);
}

/** Jittered pause so racing writers spread out (full jitter, capped at 50 ms). */
function pause(attempt: number): Promise<void> {
    const cap = Math.min(50, 2 ** Math.min(attempt, 6));
    return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}

function checkStream(stream: string): void {
    if (typeof stream !== "string" || stream.length === 0 || stream.length > 200) {
        throw new EventStoreArgumentError(`stream id must be a string of 1 to 200 characters, got ${JSON.stringify(stream)}`);
    }
}

function checkExpected(expected: ExpectedVersion): void {
    if (typeof expected === "number" ? Number.isInteger(expected) && expected >= 0 : EXPECTED_VERSION_STATES.includes(expected)) return;
    throw new EventStoreArgumentError(
        `expectedVersion must be a whole number >= 0 or one of ${EXPECTED_VERSION_STATES.join(", ")}, got ${JSON.stringify(expected)}`,
    );
}

function checkVersion(field: string, value: number, min: number): void {
    if (!Number.isInteger(value) || value < min || value > MAX_VERSION) {
        throw new EventStoreArgumentError(`${field} must be a whole number from ${min} to ${MAX_VERSION}, got ${JSON.stringify(value)}`);
    }
}

function checkEvents(events: readonly NewEvent[], max: number): void {
    if (!Array.isArray(events) || events.length === 0 || events.length > max) {
        throw new EventStoreArgumentError(
            `an append takes 1 to ${max} events, got ${Array.isArray(events) ? events.length : JSON.stringify(events)}`,
        );
    }
    events.forEach((e, i) => {
        if (typeof e?.type !== "string" || e.type.length === 0 || e.type.length > 255) {
            throw new EventStoreArgumentError(`events[${i}].type must be a string of 1 to 255 characters, got ${JSON.stringify(e?.type)}`);
        }
        if (e.data === undefined) throw new EventStoreArgumentError(`events[${i}].data must be JSON (null allowed), got undefined`);
        if (e.eventId !== undefined && !UUID.test(e.eventId)) {
            throw new EventStoreArgumentError(`events[${i}].eventId must be a UUID, got ${JSON.stringify(e.eventId)}`);
        }
    });
}
