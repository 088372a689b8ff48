/**
 * Event Sourcing on PostgreSQL (PGlite, embedded, in this process):
 *  1. appends per second through the event store (one prepared INSERT ... SELECT that checks the
 *     head) as a ratio to plain INSERTs of the same rows, sent through `query()` (PGlite parses
 *     and plans each anew) and as a prepared statement (the same path the store takes);
 *  2. rebuilding a 10,000-event stream from its newest snapshot as a ratio to replaying it all.
 * Both sides of each ratio run in the same process on the same database.
 */
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import * as account from "../handlers/event-sourcing/account-decider";
import { createEventStore } from "../handlers/stores/event-store/event-store";
import { preparedStatements } from "../handlers/stores/clients/postgres-prepared";
import { eventStoreSchema, postgresEventLog } from "../handlers/stores/event-store/postgres";
import type { RecordedEvent } from "../handlers/stores/event-store/port";

const APPENDS = 2_000;
const BLOCK = 50;
const STREAM_LENGTH = 10_000;
const SNAPSHOT_EVERY = 100;
const REBUILDS = 5;

async function timed(run: () => Promise<unknown>): Promise<number> {
    const start = process.hrtime.bigint();
    await run();
    return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const db = await PGlite.create();
    await db.exec(eventStoreSchema());
    const log = postgresEventLog(db);
    const store = createEventStore(log);
    // The same store through the generic path every adapter has: read the head, then insert.
    const twoStatements = createEventStore({ ...log, appendAfterHead: undefined });

    const prepared = preparedStatements(db);
    const PLAIN =
        "INSERT INTO events (event_id, aggregate_id, event_type, event_data, metadata, version, created_at) VALUES ($1, $2, $3, $4::jsonb, '{}'::jsonb, $5, now())";
    const PLAIN_PREPARED = `${PLAIN.replace("$1", "$1::uuid").replace("$2, $3", "$2::text, $3::varchar").replace("$5", "$5::integer")}`;

    // Warm up every path (query plans, JIT) before measuring.
    for (let i = 0; i < 200; i++) await store.appendToStream("warm", [{ type: "MoneyDeposited", data: { amount: 1 } }]);
    for (let i = 0; i < 200; i++) await db.query(PLAIN, [randomUUID(), "warm-plain", "MoneyDeposited", '{"amount":1}', i + 1]);
    for (let i = 0; i < 200; i++) await prepared(PLAIN_PREPARED, [randomUUID(), "warm-prepared", "MoneyDeposited", '{"amount":1}', i + 1]);

    // Interleaved in blocks, so a machine whose load changes during the run weighs on both sides alike.
    let plainMs = 0;
    let plainPreparedMs = 0;
    let storeMs = 0;
    let twoStatementsMs = 0;
    for (let from = 1; from <= APPENDS; from += BLOCK) {
        const to = Math.min(APPENDS, from + BLOCK - 1);
        plainMs += await timed(async () => {
            for (let v = from; v <= to; v++)
                await db.query(PLAIN, [randomUUID(), "plain", "MoneyDeposited", JSON.stringify({ amount: v }), v]);
        });
        plainPreparedMs += await timed(async () => {
            for (let v = from; v <= to; v++)
                await prepared(PLAIN_PREPARED, [randomUUID(), "plain-prepared", "MoneyDeposited", JSON.stringify({ amount: v }), v]);
        });
        storeMs += await timed(async () => {
            for (let v = from; v <= to; v++) {
                await store.appendToStream("appended", [{ type: "MoneyDeposited", data: { amount: v } }], { expectedVersion: v - 1 });
            }
        });
        twoStatementsMs += await timed(async () => {
            for (let v = from; v <= to; v++) {
                await twoStatements.appendToStream("appended-in-two", [{ type: "MoneyDeposited", data: { amount: v } }], {
                    expectedVersion: v - 1,
                });
            }
        });
    }
    const plainRate = (APPENDS / plainMs) * 1000;
    const storeRate = (APPENDS / storeMs) * 1000;
    console.log(`appends, ${APPENDS} single-event appends to one stream (PGlite):`);
    const plainPreparedRate = (APPENDS / plainPreparedMs) * 1000;
    console.log(`  plain INSERT            ${plainRate.toFixed(0)} rows/s`);
    console.log(`  plain INSERT, prepared  ${plainPreparedRate.toFixed(0)} rows/s`);
    console.log(`  appendToStream          ${storeRate.toFixed(0)} appends/s (expected version checked)`);
    console.log(`  ratio appendToStream / plain INSERT = ${(storeRate / plainRate).toFixed(2)}`);
    console.log(`  ratio appendToStream / plain INSERT, prepared = ${(storeRate / plainPreparedRate).toFixed(2)}`);
    console.log(`  ratio head read, then INSERT / plain INSERT = ${(APPENDS / twoStatementsMs / (APPENDS / plainMs)).toFixed(2)}`);

    // A 10,000-event account: opened, then deposits; written in batches of 1,000 straight to the log.
    const stream = "long-account";
    const at = new Date();
    for (let from = 1; from <= STREAM_LENGTH; from += 1000) {
        const batch: RecordedEvent[] = [];
        for (let v = from; v < from + 1000; v++) {
            batch.push({
                stream,
                version: v,
                eventId: randomUUID(),
                type: v === 1 ? "AccountOpened" : "MoneyDeposited",
                data: v === 1 ? { initial_balance: 0 } : { amount: 1 },
                metadata: {},
                recordedAt: at,
            });
        }
        await log.insert(batch);
    }
    const replay = { evolve: account.evolve, initialState: account.initialState };
    // One pass with snapshotEvery stores the snapshot the fast path starts from (at version 10,000).
    await store.aggregateStream(stream, { ...replay, snapshotEvery: SNAPSHOT_EVERY });
    // Add a tail so the snapshot path also replays a few events, as it would in service.
    for (let i = 0; i < SNAPSHOT_EVERY / 2; i++) await store.appendToStream(stream, [{ type: "MoneyDeposited", data: { amount: 1 } }]);

    const full: number[] = [];
    const snapped: number[] = [];
    let states: unknown[] = [];
    for (let i = 0; i < REBUILDS; i++) {
        full.push(await timed(async () => states.push((await store.aggregateStream(stream, { ...replay, useSnapshots: false })).state)));
        snapped.push(await timed(async () => states.push((await store.aggregateStream(stream, replay)).state)));
    }
    if (new Set(states.map((s) => JSON.stringify(s))).size !== 1) throw new Error(`replays disagree: ${JSON.stringify(states)}`);
    states = [];
    console.log(`rebuild of a ${STREAM_LENGTH + SNAPSHOT_EVERY / 2}-event stream (median of ${REBUILDS}):`);
    console.log(`  replay from the first event   ${median(full).toFixed(1)} ms`);
    console.log(`  from the newest snapshot      ${median(snapped).toFixed(1)} ms (${SNAPSHOT_EVERY / 2} events replayed)`);
    console.log(`  ratio with snapshots / without = ${(median(snapped) / median(full)).toFixed(3)}`);
    await db.close();
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
