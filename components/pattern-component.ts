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

/**
 * The base of every pattern component: registers `cloud-patterns:index:<className>` and builds the
 * chosen cloud's children under it, exposed as the typed read-only `aws`, `azure` or `gcp`
 * property (the way out of the common API to the native resources). Subclasses check their args
 * before calling `super`, so bad args fail before anything is registered.
 */
export abstract class PatternComponent<TOutputs, TAws extends TOutputs, TAzure extends TOutputs, TGcp extends TOutputs> extends pulumi.ComponentResource {
    readonly cloud: Cloud;
    /** The AWS children, when deployed to AWS. */
    readonly aws?: TAws;
    /** The Azure children, when deployed to Azure. */
    readonly azure?: TAzure;
    /** The GCP children, when deployed to GCP. */
    readonly gcp?: TGcp;
    /** The outputs every cloud gives, from whichever cloud was built. */
    protected readonly outputs: TOutputs;

    protected constructor(
        className: string,
        name: string,
        cloud: Cloud,
        builders: CloudBuilders<TAws, TAzure, TGcp>,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(`cloud-patterns:index:${className}`, name, {}, opts);
        this.cloud = cloud;
        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        switch (cloud) {
            case Cloud.Aws:
                this.outputs = this.aws = builders.aws(childOpts);
                break;
            case Cloud.Azure:
                this.outputs = this.azure = builders.azure(childOpts);
                break;
            case Cloud.Gcp:
                this.outputs = this.gcp = builders.gcp(childOpts);
                break;
        }
    }
}
