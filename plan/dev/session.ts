/**
 * One `cloud-patterns dev` run: the stack's program evaluated under mocks (as `plan` does), then
 * for each pattern its wiring's stand-ins, one host process per function built from the bundle
 * the cloud would get, and its front door on 127.0.0.1. `stop` ends everything it started.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { join, resolve } from "node:path";
import { Cloud } from "../../components/cloud";
import { CONFIG_ENV } from "../../handlers/config-env";
import { CLOUD_KEY, configFor, parseCloud, selectStacks } from "../compare";
import { evaluateInChild } from "../evaluate-stack";
import { FaultSpec, NO_FAULTS, parseFaultSpec } from "./faults";
import { FunctionProcess, startFunction } from "./function-process";
import { RunningFrontDoor, startFrontDoor } from "./front-door";
import { DEV_WIRINGS } from "./patterns";
import { StackPattern, stackPatterns } from "./stack-functions";
import { PeerUnavailableError } from "./peers/errors";
import { StorePeers, storePeers } from "./store-peers";
import type { PreparedPattern } from "./wiring";

export interface DevOptions {
    /** @default the first stack file of the folder */
    readonly stack?: string;
    /** @default the cloud the stack file picks */
    readonly cloud?: string;
    /** `--faults` spec (plan/dev/faults.ts). */
    readonly faults?: string;
    readonly stacksDir?: string;
    readonly program?: string;
    readonly project?: string;
    /** Where live log lines go. */
    readonly log: (line: string) => void;
}

/** A pattern of the run: started, or skipped with the reason. */
export interface DevPattern {
    readonly className: string;
    readonly name: string;
    readonly skipped?: string;
    /** Its front door's base URL. */
    readonly url?: string;
    readonly routes: readonly string[];
    readonly prepared?: PreparedPattern;
}

export interface DevSession {
    readonly stack: string;
    readonly cloud: Cloud;
    readonly faults: FaultSpec;
    readonly patterns: readonly DevPattern[];
    /** Every process the run started: one per function, and the store peers'. */
    readonly pids: readonly number[];
    stop(): Promise<void>;
}

/** The stack's backend names, so a fault on a backend the stack lacks is refused before anything starts. */
function backendNames(patterns: readonly StackPattern[]): string[] {
    return patterns.flatMap((p) =>
        p.functions.flatMap((f) => ((f.settings.backends as { name: string }[] | undefined) ?? []).map((b) => b.name)),
    );
}

export async function startDev(options: DevOptions): Promise<DevSession> {
    const [stack] = selectStacks({
        stacksDir: options.stacksDir,
        stacks: options.stack ? [options.stack] : undefined,
        project: options.project,
    });
    const cloudName = options.cloud ?? stack.config[CLOUD_KEY];
    if (cloudName === undefined) throw new Error(`stack ${stack.stack}: it picks no cloud (${CLOUD_KEY}); pass --cloud aws|azure|gcp`);
    const cloud = parseCloud(cloudName, options.cloud ? "--cloud" : `${stack.path}: ${CLOUD_KEY}`) as Cloud;
    const program = resolve(options.program ?? join(options.stacksDir ?? "stacks", "index.ts"));
    const resources = await evaluateInChild(program, configFor(stack, cloud), stack.stack, options.project);
    const found = stackPatterns(cloud, resources);
    const faults = options.faults ? parseFaultSpec(options.faults, backendNames(found)) : NO_FAULTS;

    const workDir = fs.mkdtempSync(join(os.tmpdir(), "cloud-patterns-dev-"));
    const processes: FunctionProcess[] = [];
    const doors: RunningFrontDoor[] = [];
    const patterns: DevPattern[] = [];
    const peers = storePeers();
    const stop = async () => {
        await Promise.allSettled([
            ...processes.map((p) => p.stop()),
            ...doors.map((d) => d.stop()),
            ...patterns.map((p) => p.prepared?.stop()),
        ]);
        await peers.stop();
        fs.rmSync(workDir, { recursive: true, force: true });
    };
    try {
        for (const pattern of found)
            patterns.push(await startPattern(pattern, cloud, faults, peers, workDir, options.log, processes, doors));
    } catch (err) {
        await stop();
        throw err;
    }
    return { stack: stack.stack, cloud, faults, patterns, pids: [...processes.map((p) => p.pid), ...peers.pids()], stop };
}

async function startPattern(
    pattern: StackPattern,
    cloud: Cloud,
    faults: FaultSpec,
    peers: StorePeers,
    workDir: string,
    log: (line: string) => void,
    processes: FunctionProcess[],
    doors: RunningFrontDoor[],
): Promise<DevPattern> {
    const base = { className: pattern.className, name: pattern.name, routes: [] };
    const wiring = DEV_WIRINGS[pattern.className];
    if (!wiring) return { ...base, skipped: `no local wiring for ${pattern.className} (plan/dev/patterns/index.ts)` };
    const unavailable = wiring.unavailable(cloud);
    if (unavailable) return { ...base, skipped: unavailable };
    const patternLog = (line: string) => log(`[${pattern.name}] ${line}`);
    let prepared: PreparedPattern;
    try {
        prepared = await wiring.prepare(pattern, { cloud, faults, peers, log: patternLog });
    } catch (err) {
        // A store peer this machine cannot have skips the pattern, naming what to install.
        if (err instanceof PeerUnavailableError) return { ...base, skipped: err.message };
        throw err;
    }
    const ports = new Map<string, number>();
    for (const fn of prepared.functions) {
        const stackFn = pattern.functions.find((f) => f.role === fn.role)!;
        const functionName = fn.role ? `${pattern.name}-${fn.role}` : pattern.name;
        const started = await startFunction({
            cloud,
            functionName,
            bundle: fn.bundle,
            dir: join(workDir, functionName),
            environment: { ...stackFn.environment, ...fn.environment, [CONFIG_ENV]: JSON.stringify(fn.settings) },
            log: (line) => patternLog(`${functionName}: ${line}`),
        });
        processes.push(started);
        ports.set(fn.role, started.port);
    }
    prepared.started?.(new Map([...ports].map(([role, port]) => [role, `http://127.0.0.1:${port}`])));
    const door = await startFrontDoor(
        prepared.routes.map((r) => ({ key: r.key, port: ports.get(r.role)! })),
        patternLog,
    );
    doors.push(door);
    return { ...base, url: door.url, routes: prepared.routes.map((r) => r.key), prepared };
}
