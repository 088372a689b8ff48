/**
 * What each registered pattern is called and where the stack program puts it, as plain data: the
 * plan's parent process (which config keys a workload profile may name, which pattern a resource
 * belongs to) reads this without loading a component, and so without @pulumi/pulumi.
 * components/patterns.ts builds the registry from these entries; test/components/registry.test.ts
 * checks that the two agree.
 */
import { PATTERN_TYPE_PREFIX } from "./pattern-type";

/** A pattern's name, config key and place in the stack program. */
export interface PatternEntry<N extends string = string, O extends string = string> {
    /** The pattern's name: its class's name, and its type token is `cloud-patterns:index:<className>`. */
    readonly className: N;
    /** `cloud-patterns:<configKey>`: a stack that sets it deploys the pattern with its object as args; it also names the pattern's workload profile. */
    readonly configKey: string;
    /** The pattern in the stack program (stacks/index.ts). */
    readonly stack: {
        /** The component's resource name. */
        readonly name: string;
        /** The stack output that carries the component's outputs. */
        readonly output: string;
        /** The component's outputs that stack output carries, in order. */
        readonly outputs: readonly O[];
    };
}

/** Every pattern, in the order the stack program builds them and exports their outputs. */
export const PATTERN_ENTRIES = [
    {
        className: "GatewayAggregation",
        configKey: "gatewayAggregation",
        stack: { name: "gateway", output: "gatewayAggregation", outputs: ["url", "functionName"] },
    },
    {
        className: "AntiCorruptionLayer",
        configKey: "antiCorruptionLayer",
        stack: { name: "orders-acl", output: "antiCorruptionLayer", outputs: ["url", "functionName"] },
    },
    {
        className: "Retry",
        configKey: "retry",
        stack: { name: "retry", output: "retryQueue", outputs: ["enqueueUrl", "queueName", "deadLetterName"] },
    },
    {
        className: "EventSourcing",
        configKey: "eventSourcing",
        stack: { name: "accounts", output: "eventSourcing", outputs: ["commandUrl", "storeName", "eventsTopic"] },
    },
    {
        className: "Cqrs",
        configKey: "cqrs",
        stack: { name: "catalog", output: "cqrs", outputs: ["commandUrl", "queryUrl", "writeStoreName", "readStoreName"] },
    },
    {
        className: "Ambassador",
        configKey: "ambassador",
        stack: { name: "orders-ambassador", output: "ambassador", outputs: ["url", "serviceName", "sidecarConfig"] },
    },
    {
        className: "Sharding",
        configKey: "sharding",
        stack: { name: "orders-shards", output: "sharding", outputs: ["routerUrl", "shards", "shardMap"] },
    },
] as const satisfies readonly PatternEntry[];

/** The name of a registered pattern (its class name). */
export type PatternName = (typeof PATTERN_ENTRIES)[number]["className"];

/** The entry of the pattern called `name`, with its literal types. */
export function patternEntry<N extends PatternName>(name: N): Extract<(typeof PATTERN_ENTRIES)[number], { className: N }> {
    return PATTERN_ENTRIES.find((e) => e.className === name) as Extract<(typeof PATTERN_ENTRIES)[number], { className: N }>;
}

const BY_TYPE: ReadonlyMap<string, (typeof PATTERN_ENTRIES)[number]> = new Map(
    PATTERN_ENTRIES.map((e) => [`${PATTERN_TYPE_PREFIX}${e.className}`, e]),
);

/** The entry of the pattern a component type token (`cloud-patterns:index:<className>`) names, if any. */
export function patternEntryOfType(type: string): (typeof PATTERN_ENTRIES)[number] | undefined {
    return BY_TYPE.get(type);
}
