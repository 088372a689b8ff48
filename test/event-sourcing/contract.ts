/**
 * The one contract every event log adapter passes against a real peer. Each test uses its own
 * stream ids, so one peer (and one log) serves the whole suite.
 */
import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { createEventStore } from "../../handlers/stores/event-store/event-store";
import { EventLog, VersionTakenError } from "../../handlers/stores/event-store/log";
import { EventStore, EventStoreArgumentError, RecordedEvent, VersionConflictError } from "../../handlers/stores/event-store/port";
import * as account from "../../handlers/event-sourcing/account-decider";
import { asDecider } from "../../handlers/event-sourcing/decider";
import { createEventSourcingHandler } from "../../handlers/event-sourcing/http";
import { manualClock } from "../fixtures/event-sourcing/clock";

export interface ContractPeer {
    /** Builds the log once the peer is up (called in `before`). */
    readonly open: () => Promise<EventLog>;
    readonly close?: () => Promise<void>;
    /**
     * Why this peer cannot show an atomic multi-event insert, when it cannot (the Cosmos DB
     * emulator runs a batch's operations one by one). The cases that need it are then skipped
     * by name with this reason; the adapter's mapping of the real service's answer is tested
     * from a recorded response instead.
     */
    readonly nonAtomicBatch?: string;
}

interface Tick {
    type: "tick";
    data: { n: number };
}

const counter = { evolve: (state: number, e: RecordedEvent) => state + (e.data as Tick["data"]).n, initialState: () => 0 };
const ticks = (...ns: number[]) => ns.map((n) => ({ type: "tick", data: { n } }));
const streamId = (label: string) => `${label}-${randomUUID()}`;

async function conflict(promise: Promise<unknown>): Promise<VersionConflictError> {
    try {
        await promise;
    } catch (err) {
        if (err instanceof VersionConflictError) return err;
        throw err;
    }
    assert.fail("expected a VersionConflictError");
}

/** `peer` is called inside the suite's describe, so it may call `usePeer` (whose hooks run first). */
export function eventStoreContract(name: string, contractPeer: () => ContractPeer): void {
    describe(`event store contract: ${name}`, function () {
        this.timeout(180_000);
        let log: EventLog;
        let openCalled = false;
        let store: EventStore;
        // Registered before usePeer's hooks: mocha runs after-hooks in order, and the suite's
        // clients must close before the peer drops its database. Nothing to close when the
        // peer could not be had (the suite was skipped before open() ran).
        after(async () => {
            if (openCalled) await peer.close?.();
        });
        const peer = contractPeer();
        before(async () => {
            openCalled = true;
            log = await peer.open();
            store = createEventStore(log);
        });

        it("appends to a new stream with no-stream and reads the events back in order", async () => {
            const s = streamId("new");
            const eventId = randomUUID();
            const result = await store.appendToStream(
                s,
                [{ type: "opened", data: { owner: "ada" }, metadata: { by: "test" }, eventId }, ...ticks(2, 3)],
                { expectedVersion: "no-stream" },
            );
            assert.equal(result.nextExpectedVersion, 3);
            const read = await store.readStream(s);
            assert.deepEqual(
                read.map((e) => [e.version, e.type, e.data]),
                [
                    [1, "opened", { owner: "ada" }],
                    [2, "tick", { n: 2 }],
                    [3, "tick", { n: 3 }],
                ],
            );
            assert.equal(read[0].eventId, eventId);
            assert.deepEqual(read[0].metadata, { by: "test" });
            assert.deepEqual(read[1].metadata, {});
            assert.ok(read.every((e) => e.stream === s && e.recordedAt instanceof Date));
        });

        it("enforces no-stream, stream-exists, a number and any, reporting the actual version", async () => {
            const s = streamId("expect");
            assert.equal((await conflict(store.appendToStream(s, ticks(1), { expectedVersion: "stream-exists" }))).actual, 0);
            assert.equal((await conflict(store.appendToStream(s, ticks(1), { expectedVersion: 1 }))).actual, 0);
            await store.appendToStream(s, ticks(1), { expectedVersion: 0 });
            const noStream = await conflict(store.appendToStream(s, ticks(1), { expectedVersion: "no-stream" }));
            assert.deepEqual([noStream.stream, noStream.expected, noStream.actual], [s, "no-stream", 1]);
            await store.appendToStream(s, ticks(1), { expectedVersion: "stream-exists" });
            assert.equal((await conflict(store.appendToStream(s, ticks(1), { expectedVersion: 1 }))).actual, 2);
            assert.equal((await conflict(store.appendToStream(s, ticks(1), { expectedVersion: 5 }))).actual, 2);
            await store.appendToStream(s, ticks(1), { expectedVersion: 2 });
            assert.equal((await store.appendToStream(s, ticks(1, 1), { expectedVersion: "any" })).nextExpectedVersion, 5);
            assert.equal((await store.appendToStream(s, ticks(1))).nextExpectedVersion, 6);
            // Every refused append stored nothing.
            assert.deepEqual(
                (await store.readStream(s)).map((e) => e.version),
                [1, 2, 3, 4, 5, 6],
            );
        });

        it("reads a version range", async () => {
            const s = streamId("range");
            await store.appendToStream(s, ticks(1, 2, 3, 4, 5));
            assert.deepEqual(
                (await store.readStream(s, { fromVersion: 2, toVersion: 4 })).map((e) => e.version),
                [2, 3, 4],
            );
            assert.deepEqual(
                (await store.readStream(s, { fromVersion: 5 })).map((e) => e.version),
                [5],
            );
            assert.deepEqual(await store.readStream(s, { fromVersion: 6 }), []);
            assert.deepEqual(await store.readStream(streamId("absent")), []);
        });

        it("rejects bad arguments with a message naming the field and what is allowed", async () => {
            const s = streamId("bad");
            await assert.rejects(
                store.appendToStream(s, []),
                (e: Error) => e instanceof EventStoreArgumentError && /1 to \d+ events, got 0/.test(e.message),
            );
            await assert.rejects(
                store.appendToStream(s, ticks(1), { expectedVersion: -1 }),
                /expectedVersion must be a whole number >= 0 or one of no-stream, stream-exists, any, got -1/,
            );
            await assert.rejects(store.appendToStream(s, ticks(1), { expectedVersion: "maybe" as never }), /got "maybe"/);
            await assert.rejects(store.appendToStream(s, [{ type: "", data: 1 }]), /events\[0\]\.type must be a string/);
            await assert.rejects(store.appendToStream(s, [{ type: "t", data: 1, eventId: "nope" }]), /events\[0\]\.eventId must be a UUID/);
            await assert.rejects(store.readStream(s, { fromVersion: 0 }), /fromVersion must be a whole number from 1/);
            assert.deepEqual(await store.readStream(s), []);
        });

        it("aggregates an empty stream to the initial state at version 0", async () => {
            const result = await store.aggregateStream(streamId("empty"), counter);
            assert.deepEqual(result, { state: 0, version: 0, fromSnapshot: 0, replayed: 0 });
        });

        const atomic = peer.nonAtomicBatch ? it.skip : it;
        atomic(
            `stores a multi-event insert whole or not at all${peer.nonAtomicBatch ? ` (skipped: ${peer.nonAtomicBatch})` : ""}`,
            async () => {
                const s = streamId("atomic");
                const at = new Date();
                const event = (version: number): RecordedEvent => ({
                    stream: s,
                    version,
                    eventId: randomUUID(),
                    type: "tick",
                    data: { n: version },
                    metadata: {},
                    recordedAt: at,
                });
                await log.insert([event(2)]);
                await assert.rejects(log.insert([event(1), event(2), event(3)]), VersionTakenError);
                assert.deepEqual(
                    (await log.read(s, 1, 10)).map((e) => e.version),
                    [2],
                );
            },
        );

        atomic(
            `lets exactly one of two racing multi-event appends win${peer.nonAtomicBatch ? ` (skipped: ${peer.nonAtomicBatch})` : ""}`,
            async () => {
                const s = streamId("duel");
                const outcomes = await Promise.allSettled([
                    store.appendToStream(s, ticks(1, 1, 1), { expectedVersion: "no-stream" }),
                    store.appendToStream(s, ticks(2, 2, 2), { expectedVersion: "no-stream" }),
                ]);
                const won = outcomes.filter((o) => o.status === "fulfilled");
                const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
                assert.equal(won.length, 1);
                assert.ok(lost[0].reason instanceof VersionConflictError, String(lost[0].reason));
                const stored = await store.readStream(s);
                assert.deepEqual(
                    stored.map((e) => e.version),
                    [1, 2, 3],
                );
                assert.equal(new Set(stored.map((e) => (e.data as Tick["data"]).n)).size, 1, "one writer's events only");
            },
        );

        it("keeps exactly the acknowledged appends when 8 writers race 50 appends each on one stream", async () => {
            const s = streamId("race");
            const acknowledged = new Map<string, number>();
            let conflicts = 0;
            // Writers 0-3 append with `any`; 4-7 with the version they last saw (optimistic), so
            // both the retrying path and the refusing path race.
            const writer = async (w: number) => {
                let seen = 0;
                for (let i = 0; i < 50; i++) {
                    const eventId = randomUUID();
                    try {
                        const r = await store.appendToStream(s, [{ type: "tick", data: { n: 1, w, i }, eventId }], {
                            expectedVersion: w < 4 ? "any" : seen,
                        });
                        acknowledged.set(eventId, r.nextExpectedVersion);
                        seen = r.nextExpectedVersion;
                    } catch (err) {
                        if (!(err instanceof VersionConflictError)) throw err;
                        conflicts++;
                        seen = err.actual;
                    }
                }
            };
            await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
            const stored = await store.readStream(s);
            assert.deepEqual(
                stored.map((e) => e.version),
                Array.from({ length: stored.length }, (_, i) => i + 1),
                "versions 1..N, no gap or duplicate",
            );
            assert.equal(stored.length, acknowledged.size);
            assert.deepEqual(
                new Map(stored.map((e) => [e.eventId, e.version])),
                acknowledged,
                "each acknowledged event at its acknowledged version",
            );
            assert.ok(acknowledged.size >= 200, `the 4 'any' writers always land: ${acknowledged.size} stored, ${conflicts} refused`);
        });

        it("the HTTP command loop with 8 writers racing unpinned deposits: each lands once, decided again after every lost race", async () => {
            // One round of 8 racing appends has one winner, so 8 decisions always suffice.
            const handler = createEventSourcingHandler({
                store,
                decider: asDecider(account, "account-decider"),
                snapshotEvery: 3,
                maxDecideAttempts: 8,
            });
            const s = streamId("http-race");
            const post = (command: unknown) =>
                handler(
                    new Request(`https://es.example.test/streams/${s}`, {
                        method: "POST",
                        body: JSON.stringify({ command }),
                        headers: { "content-type": "application/json" },
                    }),
                );
            assert.equal((await post({ type: "open" })).status, 201);
            const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post({ type: "deposit", amount: 10 + i })));
            assert.deepEqual(
                answers.map((a) => a.status),
                Array(8).fill(201),
            );
            const versions = await Promise.all(answers.map(async (a) => ((await a.json()) as { version: number }).version));
            assert.deepEqual(
                versions.sort((a, b) => a - b),
                [2, 3, 4, 5, 6, 7, 8, 9],
            );
            const events = await store.readStream(s);
            assert.deepEqual(
                events.map((e) => e.version),
                [1, 2, 3, 4, 5, 6, 7, 8, 9],
            );
            const balance = (
                (await (await handler(new Request(`https://es.example.test/streams/${s}`))).json()) as { state: { balance: number } }
            ).state.balance;
            assert.equal(balance, 8 * 10 + 28);
        });

        it("answers a temporal query between two events, with and without a snapshot", async () => {
            const time = manualClock();
            const timed = createEventStore(log, { clock: time.clock });
            const s = streamId("temporal");
            await timed.appendToStream(s, ticks(100)); // t+0
            time.advance(60_000);
            await timed.appendToStream(s, ticks(20)); // t+60s
            time.advance(60_000);
            await timed.appendToStream(s, ticks(3)); // t+120s
            const between = time.at(90_000);
            assert.deepEqual(
                (await timed.readStream(s, { until: between })).map((e) => e.version),
                [1, 2],
            );
            assert.deepEqual(
                (await timed.readStream(s, { until: time.at(60_000) })).map((e) => e.version),
                [1, 2],
                "until is inclusive",
            );
            assert.deepEqual(await timed.readStream(s, { until: time.at(-1) }), []);
            // A snapshot at version 3 is after the moment asked for: replay must not start from it.
            await timed.aggregateStream(s, { ...counter, snapshotEvery: 1 });
            const atBetween = await timed.aggregateStream(s, { ...counter, until: between });
            assert.deepEqual([atBetween.state, atBetween.version, atBetween.fromSnapshot], [120, 2, 0]);
            assert.equal((await timed.aggregateStream(s, counter)).fromSnapshot, 3);
        });

        it("keeps recordedAt monotonic when a writer's clock is behind", async () => {
            const time = manualClock();
            const timed = createEventStore(log, { clock: time.clock });
            const s = streamId("skew");
            await timed.appendToStream(s, ticks(1));
            time.advance(-5_000);
            await timed.appendToStream(s, ticks(1));
            const [first, second] = await timed.readStream(s);
            assert.equal(second.recordedAt.getTime(), first.recordedAt.getTime());
        });

        it("replays to the same state with and without snapshots, using the newest one not after the point asked", async () => {
            const s = streamId("replay");
            const ns = Array.from({ length: 25 }, (_, i) => i + 1);
            for (let i = 0; i < ns.length; i += 5) await store.appendToStream(s, ticks(...ns.slice(i, i + 5)));
            const plain = await store.aggregateStream(s, { ...counter, useSnapshots: false });
            assert.deepEqual([plain.state, plain.version, plain.fromSnapshot, plain.replayed], [325, 25, 0, 25]);
            await store.aggregateStream(s, { ...counter, toVersion: 10, snapshotEvery: 10 });
            await store.aggregateStream(s, { ...counter, toVersion: 20, snapshotEvery: 10 });
            const snapped = await store.aggregateStream(s, counter);
            assert.deepEqual([snapped.state, snapped.version, snapped.fromSnapshot, snapped.replayed], [325, 25, 20, 5]);
            const at15 = await store.aggregateStream(s, { ...counter, toVersion: 15 });
            assert.deepEqual([at15.state, at15.fromSnapshot], [120, 10]);
            const at15Plain = await store.aggregateStream(s, { ...counter, toVersion: 15, useSnapshots: false });
            assert.equal(at15Plain.state, at15.state);
        });
    });
}
