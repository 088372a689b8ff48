/**
 * The real peers a dev run's stores live on (plan/dev/peers: DynamoDB Local, the emulators...),
 * each started once per run on first need and shared by every pattern that needs it, then
 * stopped with the run. A peer this machine cannot have is an error naming what to install.
 */
import { peers, type PeerName, type Peers } from "./peers";
import type { PeerDefinition, StartedPeer } from "./peers/peer";
import { unavailability } from "./peers/requirement";

export interface StorePeers {
    /** The peer's handle for this run (its endpoint and the environment a function finds it by). */
    get<N extends PeerName>(name: N): Promise<Peers[N]["handle"]>;
    /** Process ids of the peers started so far. */
    pids(): number[];
    stop(): Promise<void>;
}

export function storePeers(): StorePeers {
    const started = new Map<PeerName, Promise<{ peer: StartedPeer<unknown>; handle: unknown; close?: () => Promise<void> }>>();
    const live: StartedPeer<unknown>[] = [];
    const start = async (name: PeerName) => {
        const definition = peers[name] as PeerDefinition<unknown, unknown, unknown>;
        const unavailable = await unavailability(name, definition.requires);
        if (unavailable) throw unavailable;
        const peer = await definition.start();
        live.push(peer);
        const opened = await definition.open(peer.shared, undefined, `dev${process.pid}`);
        return { peer, handle: opened.handle, close: opened.close?.bind(opened) };
    };
    return {
        async get(name) {
            if (!started.has(name)) started.set(name, start(name));
            return (await started.get(name)!).handle as never;
        },
        pids: () => live.flatMap((p) => p.pids()),
        async stop() {
            const opened = await Promise.allSettled(started.values());
            for (const o of opened) if (o.status === "fulfilled") await o.value.close?.().catch(() => undefined);
            await Promise.allSettled(live.map((p) => p.stop()));
        },
    };
}
