import type { Requirement } from "./requirement";

/** How one kind of test peer is found, started, shared and handed to a suite. */
export interface PeerDefinition<Shared, Handle, Options = void> {
    readonly name: string;
    /** What the machine must have, in order; the run gets what is missing on first need (see requirement.ts). */
    readonly requires: readonly Requirement[];
    /** Starts the one shared instance of this process (waits for real readiness). */
    start(): Promise<StartedPeer<Shared>>;
    /** A suite's own view of the shared instance (fresh database, schema, project...). */
    open(shared: Shared, options: Options | undefined, suiteId: string): Promise<OpenedPeer<Handle>>;
}

export interface StartedPeer<Shared> {
    readonly shared: Shared;
    /** Process ids whose memory belongs to the peer (empty when it runs in this process). */
    pids(): number[];
    stop(): Promise<void>;
    /** Synchronous hard stop for process exit (children only; in-process peers die with us). */
    kill(): void;
}

export interface OpenedPeer<Handle> {
    readonly handle: Handle;
    close?(): Promise<void>;
}

/** What every handle carries. */
export interface PeerBasics {
    /** Where clients connect, e.g. `http://127.0.0.1:41234`. */
    readonly endpoint: string;
    /**
     * Environment for code that finds the peer through variables (child processes,
     * SDK defaults). Never copied into this process's env: pass it on explicitly.
     */
    readonly env: Readonly<Record<string, string>>;
    /** Unique per suite and per run: prefix table, database or project names with it. */
    readonly namespace: string;
}
