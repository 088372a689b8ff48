import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "./cloud";
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

/**
 * The base of every pattern component. In order: picks the cloud, resolves the args and bundles
 * every user module, so that bad args fail before anything is registered; then registers
 * `cloud-patterns:index:<className>`, builds the chosen cloud's children under it (exposed as the
 * typed read-only `aws`, `azure` or `gcp` property: the way out of the common API to the native
 * resources), copies the common outputs onto the component and registers them.
 * Subclasses declare those outputs with `declare readonly <key>: pulumi.Output<T>`.
 */
export abstract class PatternComponent<
    TArgs extends { readonly cloud?: Cloud | string } | undefined,
    TResolved extends ResolvedPatternArgs,
    TOutputs extends object,
    TAws extends TOutputs,
    TAzure extends TOutputs,
    TGcp extends TOutputs,
> extends pulumi.ComponentResource {
    readonly cloud: Cloud;
    /** The AWS children, when deployed to AWS. */
    readonly aws?: TAws;
    /** The Azure children, when deployed to Azure. */
    readonly azure?: TAzure;
    /** The GCP children, when deployed to GCP. */
    readonly gcp?: TGcp;

    protected constructor(
        definition: PatternDefinition<TArgs, TResolved, TOutputs, TAws, TAzure, TGcp>,
        name: string,
        args: TArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        const { className } = definition;
        const cloud = resolveCloud(className, args?.cloud);
        const resolved = definition.resolve(name, cloud, args);
        bundleUserModules(`${className} '${name}'`, cloud, resolved.userModules);
        super(`cloud-patterns:index:${className}`, name, {}, opts);
        this.cloud = cloud;
        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        let built: TOutputs;
        switch (cloud) {
            case Cloud.Aws:
                built = this.aws = definition.aws(name, resolved, childOpts);
                break;
            case Cloud.Azure:
                built = this.azure = definition.azure(name, resolved, childOpts);
                break;
            case Cloud.Gcp:
                built = this.gcp = definition.gcp(name, resolved, childOpts);
                break;
        }
        const outputs = Object.fromEntries(definition.outputs.map((key) => [key, built[key]]));
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
