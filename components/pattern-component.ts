import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "./cloud";
import { PATTERN_TYPE_PREFIX } from "./pattern-type";
import { bundleUserModules, UserModuleFunction } from "./platform/user-modules";

/** What every pattern's resolver returns beside its own fields. */
export interface ResolvedPatternArgs<TAws = unknown, TAzure = unknown, TGcp = unknown> {
    /** The functions that carry user modules, bundled before anything registers. */
    readonly userModules: readonly UserModuleFunction[];
    /** Tags (labels on GCP) for every child that takes them: `patternTags` of the args' tags. */
    readonly tags: pulumi.Output<Record<string, string>>;
    /** The per-cloud override bags, defaults applied. */
    readonly aws: TAws;
    readonly azure: TAzure;
    readonly gcp: TGcp;
}

/** One cloud's implementation of a pattern: its children, built from the resolved args. */
export type CloudBuilder<TResolved, T> = (name: string, resolved: TResolved, opts: pulumi.CustomResourceOptions) => T;

/**
 * How a pattern is resolved and built. Only the chosen cloud's builder runs, so each should
 * `require` its per-cloud module lazily: an AWS stack then never loads @pulumi/azure-native or @pulumi/gcp.
 */
export interface PatternDefinition<TArgs, TResolved extends ResolvedPatternArgs, TOutputs, TAws, TAzure, TGcp> {
    /** The class name; the type token is `cloud-patterns:index:<className>`. */
    readonly className: string;
    /** Checks the args for the cloud and applies the defaults; throws naming the field. */
    readonly resolve: (name: string, cloud: Cloud, args: TArgs) => TResolved;
    readonly aws: CloudBuilder<TResolved, TAws>;
    readonly azure: CloudBuilder<TResolved, TAzure>;
    readonly gcp: CloudBuilder<TResolved, TGcp>;
    /** The outputs every cloud gives; each becomes a property of the component and is registered. */
    readonly outputs: readonly (keyof TOutputs & string)[];
}

/** A pattern's args checked for its cloud, with every user module bundled: nothing is registered yet. */
export interface PreparedPattern<TResolved> {
    readonly cloud: Cloud;
    readonly resolved: TResolved;
    /** The type token to register the component with: `cloud-patterns:index:<className>`. */
    readonly type: string;
}

/**
 * Step one of every pattern component's constructor, before `super`: picks the cloud, resolves
 * the args and bundles every user module, so bad args or a module that does not compile fail
 * before anything is registered.
 */
export function preparePattern<TArgs extends { readonly cloud?: Cloud | string } | undefined, TResolved extends ResolvedPatternArgs>(
    definition: Pick<PatternDefinition<TArgs, TResolved, unknown, unknown, unknown, unknown>, "className" | "resolve">,
    name: string,
    args: TArgs,
): PreparedPattern<TResolved> {
    const { className } = definition;
    const cloud = resolveCloud(className, args?.cloud);
    const resolved = definition.resolve(name, cloud, args);
    bundleUserModules(`${className} '${name}'`, cloud, resolved.userModules);
    return { cloud, resolved, type: `${PATTERN_TYPE_PREFIX}${className}` };
}

// The native children of each component, kept off the instance: Pulumi's schema analyzer turns
// every property declared on a component class into a schema output, and these (resources of one
// cloud's SDK) are the TypeScript way out, not part of the cross-language API.
const nativeChildren = new WeakMap<pulumi.ComponentResource, { readonly target: string; readonly children: unknown }>();

/**
 * Step two, after `super`: builds the chosen cloud's children under `component`, copies the
 * outputs every cloud gives onto it and returns them for `registerOutputs`. Each pattern
 * component extends `pulumi.ComponentResource` itself and declares those outputs on its own
 * class: Pulumi's schema analyzer only finds components that extend it directly
 * (pulumi/pulumi#20071), and reads their outputs from the class's own properties.
 */
export function buildPattern<
    TResolved extends ResolvedPatternArgs,
    TOutputs,
    TAws extends TOutputs,
    TAzure extends TOutputs,
    TGcp extends TOutputs,
>(
    component: pulumi.ComponentResource,
    definition: PatternDefinition<never, TResolved, TOutputs, TAws, TAzure, TGcp>,
    name: string,
    { cloud, resolved }: PreparedPattern<TResolved>,
): Record<string, unknown> {
    const childOpts: pulumi.CustomResourceOptions = { parent: component };
    const builder = cloud === Cloud.Aws ? definition.aws : cloud === Cloud.Azure ? definition.azure : definition.gcp;
    return attachChildren(component, cloud, builder(name, resolved, childOpts), definition.outputs);
}

/**
 * Keeps `children` (built on `target`) for {@link childrenOn}, copies the outputs every target
 * gives onto `component` and returns them for `registerOutputs`. The Ambassador, whose targets
 * include Kubernetes, builds its children itself and calls this.
 */
export function attachChildren<TOutputs>(
    component: pulumi.ComponentResource,
    target: string,
    children: TOutputs,
    outputKeys: readonly (keyof TOutputs & string)[],
): Record<string, unknown> {
    nativeChildren.set(component, { target, children });
    const outputs = Object.fromEntries(outputKeys.map((key) => [key, children[key]]));
    Object.assign(component, outputs);
    return outputs;
}

/** The children made for `component`, when it was built on `target` (a cloud, or the Ambassador's `kubernetes`). */
export function childrenOn<T>(component: pulumi.ComponentResource, target: string): T | undefined {
    const built = nativeChildren.get(component);
    return built?.target === target ? (built.children as T) : undefined;
}
