import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StartedPeer } from "./peer";
import { waitUntilReady, type ReadinessTarget } from "./readiness";

const tailBytes = 4096;
const defaultStopGraceMs = 5000;
// SIGKILL cannot be refused; this only bounds the wait for the kernel to finish it.
const killWaitMs = 5000;

export interface SpawnOptions {
    readonly env?: NodeJS.ProcessEnv;
    readonly cwd?: string;
    /** Run as another user (PostgreSQL refuses to run as root). */
    readonly uid?: number;
    readonly gid?: number;
    /** Signal asking for a quick clean stop (PostgreSQL: SIGINT = fast shutdown). */
    readonly stopSignal?: NodeJS.Signals;
    /** How long a polite stop may take before the group is killed. @default 5000 */
    readonly stopGraceMs?: number;
}

/**
 * An emulator running in its own session and process group (setsid via
 * `detached`), so stopping it also stops the Java children that wrapper
 * scripts leave behind.
 */
export class PeerProcess implements ReadinessTarget {
    readonly command: string;
    private readonly child: ChildProcess;
    private output = "";
    private exit: string | undefined;
    private readonly exited: Promise<void>;

    constructor(
        readonly peer: string,
        file: string,
        args: readonly string[],
        private readonly options: SpawnOptions = {},
    ) {
        this.command = [file, ...args].join(" ");
        this.child = spawn(file, args, {
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
            env: options.env ?? process.env,
            cwd: options.cwd,
            uid: options.uid,
            gid: options.gid,
        });
        const keep = (chunk: Buffer) => {
            this.output = (this.output + chunk.toString("utf8")).slice(-tailBytes);
        };
        this.child.stdout?.on("data", keep);
        this.child.stderr?.on("data", keep);
        this.exited = new Promise((resolve) => {
            this.child.once("error", (error) => {
                this.exit = `could not be spawned: ${error.message}`;
                resolve();
            });
            this.child.once("exit", (code, signal) => {
                this.exit = `exited early with ${signal ? `signal ${signal}` : `code ${code}`}`;
                resolve();
            });
        });
        // A peer never keeps the test runner alive; the exit hook stops it.
        this.child.unref();
        (this.child.stdout as unknown as { unref?: () => void })?.unref?.();
        (this.child.stderr as unknown as { unref?: () => void })?.unref?.();
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    outputTail(): string {
        return this.output;
    }

    exitReason(): string | undefined {
        return this.exit;
    }

    /** Every live process of the peer's group (the wrapper and its children), for memory readings and stopping. */
    groupPids(): number[] {
        const pgid = this.child.pid;
        if (pgid === undefined) return [];
        return fs
            .readdirSync("/proc")
            .filter((entry) => /^\d+$/.test(entry))
            .map(Number)
            .filter((pid) => processState(pid)?.pgrp === pgid);
    }

    /** Asks the group to stop, kills it if it is still there after a grace period, and waits until it is gone. */
    async stop(): Promise<void> {
        if (!this.signalGroup(this.options.stopSignal ?? "SIGTERM")) return;
        // Whoever awaits the stop must see it finish, even with nothing else keeping Node alive.
        this.child.ref();
        if (!(await this.groupGoneWithin(this.options.stopGraceMs ?? defaultStopGraceMs))) {
            this.signalGroup("SIGKILL");
            await this.groupGoneWithin(killWaitMs);
        }
        await this.exited;
    }

    /** Synchronous last resort, for process exit. */
    kill(): void {
        this.signalGroup("SIGKILL");
    }

    private async groupGoneWithin(ms: number): Promise<boolean> {
        const deadline = Date.now() + ms;
        while (this.groupPids().length > 0) {
            if (Date.now() > deadline) return false;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return true;
    }

    private signalGroup(signal: NodeJS.Signals): boolean {
        if (this.child.pid === undefined) return false;
        try {
            process.kill(-this.child.pid, signal);
            return true;
        } catch {
            return false;
        }
    }
}

/**
 * A process's group, or undefined once it is gone. A zombie counts as gone:
 * killed grandchildren wait for PID 1 to reap them, and signal 0 still reaches them.
 */
function processState(pid: number): { pgrp: number } | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // Fields after the ")" that closes the command name: state ppid pgrp ...
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return state === "Z" || state === "X" ? undefined : { pgrp: Number(pgrp) };
    } catch {
        return undefined;
    }
}

/** Whether a process is still running (not gone, not a zombie). */
export function isRunning(pid: number): boolean {
    return processState(pid) !== undefined;
}

/** Resident memory of a set of processes, in MiB (from /proc). */
export function residentMiB(pids: readonly number[]): number {
    let kib = 0;
    for (const pid of pids) {
        try {
            const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
            if (match) kib += Number(match[1]);
        } catch {
            // Gone already.
        }
    }
    return Math.round(kib / 1024);
}

/** First existing executable among candidates, or on PATH. */
export function findExecutable(name: string, candidates: readonly string[] = []): string | undefined {
    const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
    for (const file of [...candidates, ...dirs.map((dir) => path.join(dir, name))]) {
        try {
            fs.accessSync(file, fs.constants.X_OK);
            if (fs.statSync(file).isFile()) return file;
        } catch {
            // Not here.
        }
    }
    return undefined;
}

/**
 * Waits until `probe` (a real protocol call) answers, then hands the process
 * over as a started peer; a peer that never got ready is stopped, not leaked.
 */
export async function startedWhenReady<S>(
    child: PeerProcess,
    probe: () => Promise<unknown>,
    shared: S,
    cleanup: () => void = () => undefined,
): Promise<StartedPeer<S>> {
    const stop = async () => {
        await child.stop();
        cleanup();
    };
    try {
        await waitUntilReady(child, probe);
    } catch (error) {
        await stop();
        throw error;
    }
    return {
        shared,
        pids: () => child.groupPids(),
        stop,
        kill: () => {
            child.kill();
            cleanup();
        },
    };
}
