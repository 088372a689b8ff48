/**
 * The registry: every pattern this package builds, once. It drives the stack program
 * (stacks/index.ts deploys each pattern whose config key a stack sets), the cost plan
 * (plan/usage.ts prices each pattern's resources by its pricing file and workload profile) and the
 * tests (every exported component is registered; every registered one is deployed, priced and
 * covered by arg variants). Loading it loads no provider SDK: each component requires its cloud's
 * module only when it is built. How to add a pattern: docs/adding-a-pattern.md.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PatternPricing } from "../plan/pattern-pricing";
import { ambassadorPricing } from "../plan/patterns/ambassador";
import { antiCorruptionLayerPricing } from "../plan/patterns/anti-corruption-layer";
import { cqrsPricing } from "../plan/patterns/cqrs";
import { eventSourcingPricing } from "../plan/patterns/event-sourcing";
import { gatewayAggregationPricing } from "../plan/patterns/gateway-aggregation";
import { retryPricing } from "../plan/patterns/retry";
import { shardingPricing } from "../plan/patterns/sharding";
import { Ambassador } from "./ambassador";
import { AntiCorruptionLayer, AntiCorruptionLayerArgs, LegacyCredentials } from "./anti-corruption-layer";
import { Cqrs } from "./cqrs";
import { EventSourcing } from "./event-sourcing";
import { GatewayAggregation } from "./gateway-aggregation";
import { PATTERN_TYPE_PREFIX } from "./pattern-type";
import { Retry } from "./retry";
import { Sharding } from "./sharding";

export { PATTERN_TYPE_PREFIX };

/** A pattern component's constructor, as every pattern declares it. */
export type PatternClass<C extends pulumi.ComponentResource, A> = new (name: string, args: A, opts?: pulumi.ComponentResourceOptions) => C;

/** What a registry entry states about a pattern. */
export interface PatternDefinition<N extends string, C extends pulumi.ComponentResource, A> {
    /** The pattern's name: its class's name, and its type token is `cloud-patterns:index:<className>`. */
    readonly className: N;
    readonly component: PatternClass<C, A>;
    /** `cloud-patterns:<configKey>`: a stack that sets it deploys the pattern with its object as args; it also names the pattern's workload profile. */
    readonly configKey: string;
    readonly stack: StackDefinition<C, A>;
    /** How the cost plan prices the pattern's resources: plan/patterns/<pattern>.ts. */
    readonly pricing: PatternPricing;
}

/** The pattern in the stack program (stacks/index.ts). */
export interface StackDefinition<C, A> {
    /** The component's resource name. */
    readonly name: string;
    /** The stack output that carries the component's outputs. */
    readonly output: string;
    /** The component's outputs that stack output carries, in order. */
    readonly outputs: readonly (keyof C & string)[];
    /**
     * The args from the config key's object and the rest of the stack config, for values kept
     * out of that object (a secret of its own). @default the config key's object as it is
     */
    readonly args?: (fromKey: A, config: pulumi.Config) => A;
}

/** A registry entry as the stack program, the plan and the tests use it, whatever the pattern's types. */
export interface RegisteredPattern<N extends string = string> {
    readonly className: N;
    /** `cloud-patterns:index:<className>`. */
    readonly type: string;
    readonly component: new (name: string, args: never, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;
    readonly configKey: string;
    readonly stack: { readonly name: string; readonly output: string; readonly outputs: readonly string[] };
    readonly pricing: PatternPricing;
    /** Builds the component from args not typed at compile time (stack config, a test's table): the component checks them. */
    create(name: string, args: unknown, opts?: pulumi.ComponentResourceOptions): pulumi.ComponentResource;
    /** What the stack program does: the component from stack config and its stack output's value, or undefined when the stack does not set the key. */
    deployFromConfig(config: pulumi.Config): Record<string, unknown> | undefined;
}

function definePattern<N extends string, C extends pulumi.ComponentResource, A>(
    definition: PatternDefinition<N, C, A>,
): RegisteredPattern<N> {
    const { className, component, configKey, stack, pricing } = definition;
    const create = (name: string, args: unknown, opts?: pulumi.ComponentResourceOptions) => new component(name, args as A, opts);
    return {
        className,
        type: `${PATTERN_TYPE_PREFIX}${className}`,
        component,
        configKey,
        stack: { name: stack.name, output: stack.output, outputs: stack.outputs },
        pricing,
        create,
        deployFromConfig(config) {
            const fromKey = config.getObject<A>(configKey);
            if (fromKey === undefined) return undefined;
            const deployed = new component(stack.name, stack.args ? stack.args(fromKey, config) : fromKey);
            return Object.fromEntries(stack.outputs.map((output) => [output, deployed[output]]));
        },
    };
}

/** The legacy credentials are a secret of their own (`pulumi config set --secret legacyCredentials`), never part of the args object. */
function withLegacyCredentials(args: AntiCorruptionLayerArgs, config: pulumi.Config): AntiCorruptionLayerArgs {
    return { ...args, legacy: { ...args.legacy, credentials: config.getSecretObject<LegacyCredentials>("legacyCredentials") } };
}

/** Every pattern, in the order the stack program builds them and exports their outputs. */
export const PATTERNS = [
    definePattern({
        className: "GatewayAggregation",
        component: GatewayAggregation,
        configKey: "gatewayAggregation",
        stack: { name: "gateway", output: "gatewayAggregation", outputs: ["url", "functionName"] },
        pricing: gatewayAggregationPricing,
    }),
    definePattern({
        className: "AntiCorruptionLayer",
        component: AntiCorruptionLayer,
        configKey: "antiCorruptionLayer",
        stack: { name: "orders-acl", output: "antiCorruptionLayer", outputs: ["url", "functionName"], args: withLegacyCredentials },
        pricing: antiCorruptionLayerPricing,
    }),
    definePattern({
        className: "Retry",
        component: Retry,
        configKey: "retry",
        stack: { name: "retry", output: "retryQueue", outputs: ["enqueueUrl", "queueName", "deadLetterName"] },
        pricing: retryPricing,
    }),
    definePattern({
        className: "EventSourcing",
        component: EventSourcing,
        configKey: "eventSourcing",
        stack: { name: "accounts", output: "eventSourcing", outputs: ["commandUrl", "storeName", "eventsTopic"] },
        pricing: eventSourcingPricing,
    }),
    definePattern({
        className: "Cqrs",
        component: Cqrs,
        configKey: "cqrs",
        stack: { name: "catalog", output: "cqrs", outputs: ["commandUrl", "queryUrl", "writeStoreName", "readStoreName"] },
        pricing: cqrsPricing,
    }),
    definePattern({
        className: "Ambassador",
        component: Ambassador,
        configKey: "ambassador",
        stack: { name: "orders-ambassador", output: "ambassador", outputs: ["url", "serviceName", "sidecarConfig"] },
        pricing: ambassadorPricing,
    }),
    definePattern({
        className: "Sharding",
        component: Sharding,
        configKey: "sharding",
        stack: { name: "orders-shards", output: "sharding", outputs: ["routerUrl", "shards", "shardMap"] },
        pricing: shardingPricing,
    }),
] as const;

/** The name of a registered pattern (its class name). */
export type PatternName = (typeof PATTERNS)[number]["className"];

const BY_TYPE: ReadonlyMap<string, RegisteredPattern> = new Map(PATTERNS.map((p) => [p.type, p]));

/** The registered pattern a component type token belongs to, if any. */
export function patternOfType(type: string): RegisteredPattern | undefined {
    return BY_TYPE.get(type);
}
