/**
 * The contract between `cloud-patterns dev` and each pattern's local wiring (plan/dev/patterns/):
 * which bundle each of the pattern's functions runs, the stand-ins its settings are pointed at,
 * its front-door routes, and what its smoke run calls and expects. A pattern plugs in with one
 * entry in plan/dev/patterns/index.ts.
 */
import { Cloud } from "../../components/cloud";
import type { BundleSpec, RouteKey } from "../../components/platform/types";
import type { FaultSpec } from "./faults";
import type { StackPattern } from "./stack-functions";
import type { StorePeers } from "./store-peers";

/** What the command gives a pattern's wiring. */
export interface DevContext {
    readonly cloud: Cloud;
    readonly faults: FaultSpec;
    /** The run's store peers, started on first need and shared by the patterns. */
    readonly peers: StorePeers;
    /** Prints one live log line under the pattern's name. */
    log(line: string): void;
}

/** One of the pattern's functions, as it runs locally. */
export interface LocalFunction {
    /** Its role in the stack (StackFunction.role). */
    readonly role: string;
    /** The bundle the cloud would get. */
    readonly bundle: BundleSpec;
    /** The settings document, its cloud endpoints pointed at the local stand-ins. */
    readonly settings: object;
    /** Variables added to the function's environment (SDK endpoints of the local peers). */
    readonly environment?: Readonly<Record<string, string>>;
}

/** A front-door route and the function behind it. */
export interface LocalRoute {
    readonly key: RouteKey;
    readonly role: string;
}

/** One HTTP answer, read whole. */
export interface CallAnswer {
    readonly status: number;
    readonly contentType: string;
    readonly text: string;
}

/** Calls the pattern's front door: method, path (and query), optional JSON body. */
export type FrontDoorCall = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<CallAnswer>;

/** What a smoke run found: whether the pattern answered as its docs say, and one line saying what it did. */
export interface SmokeOutcome {
    readonly ok: boolean;
    readonly summary: string;
}

/** The pattern, wired and ready to start. */
export interface PreparedPattern {
    readonly functions: readonly LocalFunction[];
    readonly routes: readonly LocalRoute[];
    /** Calls every route once (and enqueues, appends...) and checks the answers against the pattern's docs. */
    smoke(call: FrontDoorCall): Promise<SmokeOutcome>;
    /** The `store` / `queue` faults this pattern applies; a spec's target that no running pattern applies is reported as not applied. */
    readonly appliesFaults?: readonly ("store" | "queue")[];
    /**
     * Called once every function listens, with each role's base URL (`http://127.0.0.1:<port>`):
     * for a wiring that delivers messages to a function (a queue's consumer).
     */
    started?(functions: ReadonlyMap<string, string>): void;
    /** Stops the stand-ins the wiring started. */
    stop(): Promise<void>;
}

/** A pattern's local wiring. */
export interface DevWiring {
    /** Why the pattern cannot run on this machine for `cloud` (no local peer for a store, no sidecar binary), or undefined when it can. */
    unavailable(cloud: Cloud): string | undefined;
    /** Starts its stand-ins and returns its functions and routes. */
    prepare(pattern: StackPattern, context: DevContext): Promise<PreparedPattern>;
}

/** The function of `role` in the stack pattern, or a clear error naming what the stack has. */
export function stackFunction(pattern: StackPattern, role: string) {
    const found = pattern.functions.find((f) => f.role === role);
    if (!found) {
        const roles = pattern.functions.map((f) => `'${f.role}'`).join(", ") || "none";
        throw new Error(`${pattern.className} '${pattern.name}': no function with role '${role}' in the stack; it has ${roles}`);
    }
    return found;
}
