import { PeerStartError } from "../../../plan/dev/peers/errors";
import type { PeerDefinition, StartedPeer } from "../../../plan/dev/peers/peer";

/**
 * Counts, per peer, the suites that were defined with it (all test files are
 * loaded before the run starts) and have not finished yet. A peer stops as soon
 * as the last of them finishes, so a peer used by files far apart in the run is
 * started once, and one used early does not hold its memory to the end.
 * Suites that never run (filtered out by --grep) leave their peer to the end of the run.
 */
interface Entry {
    pending: number;
    running?: Promise<StartedPeer<unknown>>;
    stopping?: Promise<void>;
    /** A failed start, handed to every later suite at once instead of waiting out the timeout again. */
    failure?: Error;
}

const entries = new Map<string, Entry>();
const live = new Set<StartedPeer<unknown>>();
const startTimes: { readonly name: string; readonly ms: number }[] = [];

function entryOf(name: string): Entry {
    const entry = entries.get(name) ?? { pending: 0 };
    entries.set(name, entry);
    return entry;
}

/** A suite that will use this peer was defined. */
export function expectUser(name: string): void {
    entryOf(name).pending += 1;
}

/** The one shared instance of this process, started on first use. */
export async function acquire<S>(definition: PeerDefinition<S, unknown, never>): Promise<S> {
    const entry = entryOf(definition.name);
    try {
        if (entry.failure) throw entry.failure;
        if (entry.stopping) await entry.stopping;
        entry.running ??= startTracked(definition);
        return (await entry.running).shared as S;
    } catch (error) {
        entry.running = undefined;
        entry.failure ??= new Error(`(failed earlier in this run) ${(error as Error).message}`);
        throw error;
    }
}

/** A suite that used (or meant to use) this peer finished; the last one stops it. */
export async function release(name: string): Promise<void> {
    const entry = entryOf(name);
    entry.pending = Math.max(0, entry.pending - 1);
    if (entry.pending === 0) await stopEntry(entry);
}

/** Stops every peer still up (end of the run). */
export async function stopAll(): Promise<void> {
    await Promise.all([...entries.values()].map(stopEntry));
}

/** What starting peers cost this run, e.g. "dynamodb-local 6.1 s, pglite 2.0 s (8.1 s in all)", or undefined when none started. */
export function startCost(): string | undefined {
    if (startTimes.length === 0) return undefined;
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const total = startTimes.reduce((sum, { ms }) => sum + ms, 0);
    return `${startTimes.map(({ name, ms }) => `${name} ${seconds(ms)}`).join(", ")} (${seconds(total)} in all)`;
}

async function startTracked(definition: PeerDefinition<unknown, unknown, never>): Promise<StartedPeer<unknown>> {
    installExitHook();
    const startedAt = performance.now();
    const started = await definition.start().catch((error: unknown) => {
        // Another process can take the free port between our check and the peer's bind: one more try.
        if (error instanceof PeerStartError && error.exitedEarly) return definition.start();
        throw error;
    });
    startTimes.push({ name: definition.name, ms: performance.now() - startedAt });
    live.add(started);
    return started;
}

function stopEntry(entry: Entry): Promise<void> {
    const running = entry.running;
    if (!running) return entry.stopping ?? Promise.resolve();
    entry.running = undefined;
    entry.stopping = running
        .then(
            async (started) => {
                live.delete(started);
                await started.stop();
            },
            () => undefined, // a peer that never started has nothing to stop
        )
        .finally(() => (entry.stopping = undefined));
    return entry.stopping;
}

let exitHookInstalled = false;

/** Whatever way the process ends, no emulator outlives it. */
function installExitHook(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    const killAll = () => {
        for (const started of live) started.kill();
        live.clear();
    };
    process.once("exit", killAll);
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        process.once(signal, () => {
            killAll();
            // Only we listened: keep the default meaning of the signal (end the process).
            if (process.listenerCount(signal) === 0) process.exit(128 + (signal === "SIGHUP" ? 1 : signal === "SIGINT" ? 2 : 15));
        });
    }
}
