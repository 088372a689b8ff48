import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "./cloud";

/**
 * How a pattern is built on each cloud. Only the chosen builder runs, so each should `require`
 * its per-cloud module lazily: an AWS stack then never loads @pulumi/azure-native or @pulumi/gcp.
 */
export interface CloudBuilders<TAws, TAzure, TGcp> {
    readonly aws: (opts: pulumi.CustomResourceOptions) => TAws;
    readonly azure: (opts: pulumi.CustomResourceOptions) => TAzure;
    readonly gcp: (opts: pulumi.CustomResourceOptions) => TGcp;
}

// The native children of each component, kept off the instance: Pulumi's schema analyzer turns
// every property declared on a component class into a schema output, and these (resources of one
// cloud's SDK) are the TypeScript way out, not part of the cross-language API.
const nativeChildren = new WeakMap<pulumi.ComponentResource, { readonly cloud: Cloud; readonly children: unknown }>();

/**
 * Builds the chosen cloud's children under `component` and returns them; they are the outputs
 * every cloud gives. Each pattern component extends `pulumi.ComponentResource` itself and calls
 * this once, after `super` and after checking its args (so bad args fail before anything is
 * registered): Pulumi's schema analyzer only finds components that extend it directly.
 */
export function buildOnCloud<TOutputs, TAws extends TOutputs, TAzure extends TOutputs, TGcp extends TOutputs>(
    component: pulumi.ComponentResource,
    cloud: Cloud,
    builders: CloudBuilders<TAws, TAzure, TGcp>,
): TOutputs {
    const childOpts: pulumi.CustomResourceOptions = { parent: component };
    const children = cloud === Cloud.Aws ? builders.aws(childOpts) : cloud === Cloud.Azure ? builders.azure(childOpts) : builders.gcp(childOpts);
    nativeChildren.set(component, { cloud, children });
    return children;
}

/** The children `buildOnCloud` made for `component`, when it was built on `cloud`. */
export function childrenOn<T>(component: pulumi.ComponentResource, cloud: Cloud): T | undefined {
    const built = nativeChildren.get(component);
    return built?.cloud === cloud ? (built.children as T) : undefined;
}
