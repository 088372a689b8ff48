/**
 * Backoff strategies under contention, after the AWS Architecture Blog's simulator ("Exponential
 * Backoff And Jitter"): 100 clients each need one write to a shared item under optimistic
 * concurrency (a write fails if another write landed after its read); base 5 ms, cap 2000 ms,
 * ~10 ms per call, mean of 100 runs. Time is simulated (no sleeping), and each run is bounded.
 * Every strategy but "no backoff" is cockatiel's ExponentialBackoff, the object the Retry worker
 * uses (full jitter); cockatiel's decorrelated generator is Polly's formula, not the blog's.
 * Printed: calls and time to finish, and both as ratios to full jitter, beside the blog's figures.
 */
import {
    decorrelatedJitterGenerator,
    ExponentialBackoff,
    fullJitterGenerator,
    GeneratorFn,
    halfJitterGenerator,
    IBackoff,
    noJitterGenerator,
} from "cockatiel";

const CLIENTS = 100;
const RUNS = 100;
const BASE_MS = 5;
const CAP_MS = 2000;
/** Bounds that stop a run which would not finish (no strategy here reaches them). */
const MAX_SIMULATED_MS = 600_000;
const MAX_CALLS = 200_000;

type Delays = () => { next(): number };

const cockatiel =
    <S>(generator: GeneratorFn<S>): Delays =>
    () => {
        const factory = new ExponentialBackoff<S>({ generator, initialDelay: BASE_MS, maxDelay: CAP_MS });
        let step: IBackoff<unknown> | undefined;
        return { next: () => (step = step ? step.next(undefined) : factory.next()).duration };
    };

/** The blog's own decorrelated jitter: sleep = min(cap, random between base and 3 x the last sleep). */
function blogDecorrelated(): { next(): number } {
    let sleep = BASE_MS;
    return { next: () => (sleep = Math.min(CAP_MS, BASE_MS + Math.random() * (sleep * 3 - BASE_MS))) };
}

const STRATEGIES: { name: string; delays: Delays; reference: { ms: number; calls: number } }[] = [
    { name: "no backoff", delays: () => ({ next: () => 0 }), reference: { ms: 2029, calls: 2425 } },
    { name: "exponential, no jitter", delays: cockatiel(noJitterGenerator), reference: { ms: 63_984, calls: 1858 } },
    { name: "equal jitter", delays: cockatiel(halfJitterGenerator), reference: { ms: 6555, calls: 814 } },
    { name: "full jitter", delays: cockatiel(fullJitterGenerator), reference: { ms: 4964, calls: 795 } },
    { name: "decorrelated (cockatiel)", delays: cockatiel(decorrelatedJitterGenerator), reference: { ms: 4561, calls: 1000 } },
    { name: "decorrelated (blog)", delays: blogDecorrelated, reference: { ms: 4561, calls: 1000 } },
];

/** A call's network time: ~10 ms. */
const callMs = () => 8 + Math.random() * 4;

/** One run: returns calls made and the time the last client finished (or the bound, unfinished). */
function run(delays: Delays): { calls: number; ms: number; finished: boolean } {
    // Pending writes, each with the time its read happened; processed in write-time order.
    const pending: { writeAt: number; readAt: number; client: number }[] = [];
    const backoff = Array.from({ length: CLIENTS }, () => delays());
    const push = (readAt: number, client: number) => {
        const item = { writeAt: readAt + callMs(), readAt, client };
        let i = pending.length;
        pending.push(item);
        while (i > 0 && pending[i - 1].writeAt > item.writeAt) {
            pending[i] = pending[i - 1];
            i--;
        }
        pending[i] = item;
    };
    for (let c = 0; c < CLIENTS; c++) push(0, c);
    let calls = CLIENTS;
    let lastWrite = -Infinity;
    let done = 0;
    let now = 0;
    while (pending.length > 0) {
        const { writeAt, readAt, client } = pending.shift()!;
        now = writeAt;
        if (now > MAX_SIMULATED_MS || calls > MAX_CALLS) return { calls, ms: now, finished: false };
        if (lastWrite <= readAt) {
            lastWrite = writeAt;
            done++;
        } else {
            calls++;
            push(writeAt + backoff[client].next(), client);
        }
    }
    return { calls, ms: now, finished: done === CLIENTS };
}

const results = STRATEGIES.map((s) => {
    let calls = 0;
    let ms = 0;
    let unfinished = 0;
    for (let r = 0; r < RUNS; r++) {
        const one = run(s.delays);
        calls += one.calls;
        ms += one.ms;
        if (!one.finished) unfinished++;
    }
    return { ...s, calls: calls / RUNS, ms: ms / RUNS, unfinished };
});

const full = results.find((r) => r.name === "full jitter")!;
const pad = (text: string, n: number) => text.padStart(n);
console.log(
    `${CLIENTS} clients, optimistic-concurrency writes, base ${BASE_MS} ms, cap ${CAP_MS} ms, mean of ${RUNS} runs (simulated time)`,
);
console.log(
    `${"strategy".padEnd(24)}${pad("calls", 9)}${pad("ms", 10)}${pad("calls/full", 12)}${pad("time/full", 11)}  | reference (AWS blog): ${pad("calls/full", 10)}${pad("time/full", 11)}`,
);
for (const r of results) {
    console.log(
        `${r.name.padEnd(24)}${pad(r.calls.toFixed(0), 9)}${pad(r.ms.toFixed(0), 10)}${pad((r.calls / full.calls).toFixed(2), 12)}${pad((r.ms / full.ms).toFixed(2), 11)}  | ${pad(" ", 22)}${pad((r.reference.calls / full.reference.calls).toFixed(2), 10)}${pad((r.reference.ms / full.reference.ms).toFixed(2), 11)}` +
            (r.unfinished ? `  (${r.unfinished} runs hit the bound)` : ""),
    );
}
