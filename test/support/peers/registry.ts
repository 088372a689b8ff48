import type { PeerDefinition, StartedPeer } from "./peer";

/**
 * How long a peer whose last suite finished stays up, so the next test file's
 * suite reuses it instead of paying its start again. The run's end stops it at once.
 */
const lingerMs = Number(process.env.PEERS_LINGER_MS ?? 2000);

interface Entry {
    users: number;
    running?: Promise<StartedPeer<unknown>>;
    stopTimer?: NodeJS.Timeout;
    stopping?: Promise<void>;
    /** A failed start, handed to every later suite at once instead of waiting out the timeout again. */
    failure?: Error;
}

const entries = new Map<string, Entry>();
const live = new Set<StartedPeer<unknown>>();

/** One shared instance per peer and process, counted by the suites using it. */
export async function acquire<S>(definition: PeerDefinition<S, unknown, never>): Promise<S> {
    const entry = entries.get(definition.name) ?? { users: 0 };
    entries.set(definition.name, entry);
    entry.users += 1;
    clearTimeout(entry.stopTimer);
    entry.stopTimer = undefined;
    try {
        if (entry.failure) throw entry.failure;
        if (entry.stopping) await entry.stopping;
        entry.running ??= startTracked(definition);
        return (await entry.running).shared as S;
    } catch (error) {
        entry.users -= 1;
        entry.running = undefined;
        entry.failure ??= new Error(`(failed earlier in this run) ${(error as Error).message}`);
        throw error;
    }
}

export function release(name: string): void {
    const entry = entries.get(name);
    if (!entry || entry.users === 0) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    entry.stopTimer = setTimeout(() => void stopEntry(entry), lingerMs);
}

/** Stops every peer still up (end of the run). */
export async function stopAll(): Promise<void> {
    await Promise.all([...entries.keys()].map(stop));
}

/** Stops one peer now, whoever still uses it. */
export function stop(name: string): Promise<void> {
    const entry = entries.get(name);
    return entry ? stopEntry(entry) : Promise.resolve();
}

async function startTracked(definition: PeerDefinition<unknown, unknown, never>): Promise<StartedPeer<unknown>> {
    installExitHook();
    const started = await definition.start();
    live.add(started);
    return started;
}

function stopEntry(entry: Entry): Promise<void> {
    clearTimeout(entry.stopTimer);
    entry.stopTimer = undefined;
    const running = entry.running;
    if (!running) return entry.stopping ?? Promise.resolve();
    entry.running = undefined;
    entry.stopping = running
        .then(async (started) => {
            live.delete(started);
            await started.stop();
        })
        .catch(() => undefined) // a peer that never started has nothing to stop
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
