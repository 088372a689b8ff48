/**
 * What a pattern tells the cost plan about its own resources, in terms of its roles: how the
 * workload reaches its asynchronous side, and which of its children hold only failed work.
 * Each pattern states it in plan/patterns/<pattern>.ts; the registry (components/patterns.ts)
 * links it to the pattern; plan/usage.ts applies it.
 *
 * A child's role is the `<role>` in its name `${name}-<role>` (the components' naming rule): the
 * Retry named `payments` has the role `dead-letters` in `payments-dead-letters`. A role also covers
 * the children named after it (`dead-letters-held`), as a child's own children are.
 */
import type { RecordedResource } from "./mock-cloud";
import type { Workload } from "./workload";

/** How a pattern's workload reaches its queues, topics, consumers and stores. */
export interface AsyncFlow {
    /** The workload field that drives the pattern's queues, topics and consumers (CQRS: every write is a change to project). */
    readonly driver: "messages" | "events" | "writes";
    /** Appending an event is a store write. */
    readonly eventsAreWrites: boolean;
    /** Store writes each message adds (Retry's idempotency record: in progress, then completed). */
    readonly writesPerMessage: number;
}

/** What a pattern's quantity rules read: its workload profile, and the settings its resources carry. */
export interface PatternUsageContext {
    readonly workload: Workload;
    /**
     * A numeric setting of the pattern as deployed (`snapshotEvery`, `ttlSeconds`), read off the
     * settings documents its functions carry; undefined when no resource carries it.
     */
    readonly setting: (name: string) => number | undefined;
}

/** A data store's monthly load. */
export interface StoreLoad {
    readonly reads: number;
    readonly writes: number;
    /** What the store holds, GB (on average over the month). */
    readonly storageGb: number;
}

export interface PatternPricing {
    /**
     * The pattern's asynchronous side; absent for a request/response pattern. A function of the
     * pattern whose trigger the resource graph does not show is driven by it.
     * @default none: queues and topics see the workload's messages, else its events
     */
    readonly flow?: AsyncFlow;
    /** Roles whose queues and topics only ever hold failed work: none of the workload's messages reach them. @default [] */
    readonly deadLetterRoles?: readonly string[];
    /**
     * Function roles with their monthly invocations, for functions whose invocations the graph
     * does not tell (a function URL that takes one call per message).
     * @default a function is invoked by the front door's requests, or by the flow that triggers it
     */
    readonly invocations?: Readonly<Record<string, (ctx: PatternUsageContext) => number>>;
    /**
     * Front-door roles with their monthly requests, for a pattern with more than one front door
     * (CQRS: commands and queries).
     * @default every front door takes the workload's requests
     */
    readonly requests?: Readonly<Record<string, (ctx: PatternUsageContext) => number>>;
    /**
     * Store roles with their load. A store that plays none of them (one database holding every
     * collection, as Cosmos DB and Firestore do) carries their sum.
     * @default every store sees the workload's reads and writes (events as writes, writesPerMessage per message), and an equal share of storageGb
     */
    readonly stores?: Readonly<Record<string, (ctx: PatternUsageContext) => StoreLoad>>;
    /**
     * Without `stores`: the stores split the reads and writes evenly between them, as they split
     * the stored data (Sharding's shards), instead of each seeing them all.
     * @default false
     */
    readonly storesShareLoad?: boolean;
}

/** The role of `resource` in the pattern component `pattern`, or undefined when its name does not follow `${name}-<role>`. */
export function roleOf(resource: RecordedResource, pattern: RecordedResource): string | undefined {
    const prefix = `${pattern.name}-`;
    return resource.name.startsWith(prefix) ? resource.name.slice(prefix.length) : undefined;
}

/** Whether `role` is one of `roles`, or the role of a child named after one of them. */
export function playsRole(role: string | undefined, roles: readonly string[]): boolean {
    return role !== undefined && roles.some((r) => role === r || role.startsWith(`${r}-`));
}
