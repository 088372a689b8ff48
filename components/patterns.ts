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
import { PATTERN_PRICING } from "../plan/pattern-pricings";
import { Ambassador } from "./ambassador";
import { AntiCorruptionLayer, AntiCorruptionLayerArgs, LegacyCredentials } from "./anti-corruption-layer";
import { Cqrs } from "./cqrs";
import { EventSourcing } from "./event-sourcing";
import { GatewayAggregation } from "./gateway-aggregation";
import { PatternEntry, patternEntry, PatternName } from "./pattern-entries";
import { PATTERN_TYPE_PREFIX } from "./pattern-type";
import { Retry } from "./retry";
import { Sharding } from "./sharding";

export type { PatternName };
export { PATTERN_TYPE_PREFIX };

/** A pattern component's constructor, as every pattern declares it. */
export type PatternClass<C extends pulumi.ComponentResource, A> = new (name: string, args: A, opts?: pulumi.ComponentResourceOptions) => C;

/**
 * What a registry entry states about a pattern: its entry in components/pattern-entries.ts (name,
 * config key, place in the stack program; the compiler checks the outputs are the class's), and
 * its class.
 */
export interface PatternDefinition<N extends PatternName, C extends pulumi.ComponentResource, A> {
    readonly entry: PatternEntry<N, keyof C & string>;
    readonly component: PatternClass<C, A>;
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

function definePattern<N extends PatternName, C extends pulumi.ComponentResource, A>(
    definition: PatternDefinition<N, C, A>,
): RegisteredPattern<N> {
    const { entry, component, args } = definition;
    const { className, configKey, stack } = entry;
    const create = (name: string, args: unknown, opts?: pulumi.ComponentResourceOptions) => new component(name, args as A, opts);
    return {
        className,
        type: `${PATTERN_TYPE_PREFIX}${className}`,
        component,
        configKey,
        stack: { name: stack.name, output: stack.output, outputs: stack.outputs },
        pricing: PATTERN_PRICING[className],
        create,
        deployFromConfig(config) {
            const fromKey = config.getObject<A>(configKey);
            if (fromKey === undefined) return undefined;
            const deployed = new component(stack.name, args ? args(fromKey, config) : fromKey);
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
    definePattern({ entry: patternEntry("GatewayAggregation"), component: GatewayAggregation }),
    definePattern({ entry: patternEntry("AntiCorruptionLayer"), component: AntiCorruptionLayer, args: withLegacyCredentials }),
    definePattern({ entry: patternEntry("Retry"), component: Retry }),
    definePattern({ entry: patternEntry("EventSourcing"), component: EventSourcing }),
    definePattern({ entry: patternEntry("Cqrs"), component: Cqrs }),
    definePattern({ entry: patternEntry("Ambassador"), component: Ambassador }),
    definePattern({ entry: patternEntry("Sharding"), component: Sharding }),
] as const;

const BY_TYPE: ReadonlyMap<string, RegisteredPattern> = new Map(PATTERNS.map((p) => [p.type, p]));

/** The registered pattern a component type token belongs to, if any. */
export function patternOfType(type: string): RegisteredPattern | undefined {
    return BY_TYPE.get(type);
}
