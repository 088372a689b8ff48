/**
 * Anti-Corruption Layer: a REST/JSON face for a legacy SOAP/XML system. A function translates
 * each REST request into a SOAP envelope and the answer into clean domain JSON, through a
 * declarative mapping or your own translator module; the legacy credentials live in the cloud's
 * secret store and only that function may read them. The cloud is picked by the `cloud` arg or
 * stack config; only that cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import type { AntiCorruptionLayerArgs } from "./args";
import type { AwsAntiCorruptionLayer } from "./aws";
import type { AzureAntiCorruptionLayer } from "./azure";
import type { GcpAntiCorruptionLayer } from "./gcp";
import { AntiCorruptionLayerPlan, planAntiCorruptionLayer } from "./plan";

export type {
    AntiCorruptionLayerArgs,
    AntiCorruptionLayerAwsArgs,
    AntiCorruptionLayerAzureArgs,
    AntiCorruptionLayerGcpArgs,
    LegacyCredentials,
    LegacySystemArgs,
    OperationArgs,
    ParameterArgs,
} from "./args";
export type { EntityMapping, FieldRule } from "./mapping";
export { ORDER_RECORD_MAPPING } from "./mapping";
export type { AwsAntiCorruptionLayer, AzureAntiCorruptionLayer, GcpAntiCorruptionLayer };

/** The outputs of an Anti-Corruption Layer on every cloud. */
export interface AntiCorruptionLayerOutputs {
    /** Base URL of the front door, without a trailing slash; append a route's path. */
    readonly url: pulumi.Output<string>;
    /** The cloud's name of the translator function (Lambda, function app, Cloud Function). */
    readonly functionName: pulumi.Output<string>;
}

/** One cloud's implementation; the bound is the compile-time check that every cloud gives the same outputs. */
export type AntiCorruptionLayerImplementation<T extends AntiCorruptionLayerOutputs> = (
    name: string,
    plan: AntiCorruptionLayerPlan,
    opts: pulumi.CustomResourceOptions,
) => T;

export class AntiCorruptionLayer extends pulumi.ComponentResource implements AntiCorruptionLayerOutputs {
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
    readonly cloud: Cloud;
    /** The AWS children (HTTP API, Lambda, secret...), when deployed to AWS. */
    readonly aws?: AwsAntiCorruptionLayer;
    /** The Azure children (API Management, function app, Key Vault...), when deployed to Azure. */
    readonly azure?: AzureAntiCorruptionLayer;
    /** The GCP children (API Gateway, Cloud Function, Secret Manager...), when deployed to GCP. */
    readonly gcp?: GcpAntiCorruptionLayer;

    constructor(name: string, args: AntiCorruptionLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("AntiCorruptionLayer", args?.cloud);
        const plan = planAntiCorruptionLayer(name, args);
        super("cloud-patterns:index:AntiCorruptionLayer", name, {}, opts);
        this.cloud = cloud;

        const childOpts: pulumi.CustomResourceOptions = { parent: this };
        let outputs: AntiCorruptionLayerOutputs;
        // Lazy requires: an AWS stack never loads @pulumi/azure-native or @pulumi/gcp.
        switch (cloud) {
            case Cloud.Aws:
                outputs = this.aws = (require("./aws") as typeof import("./aws")).createAwsAntiCorruptionLayer(name, plan, childOpts);
                break;
            case Cloud.Azure:
                outputs = this.azure = (require("./azure") as typeof import("./azure")).createAzureAntiCorruptionLayer(name, plan, childOpts);
                break;
            case Cloud.Gcp:
                outputs = this.gcp = (require("./gcp") as typeof import("./gcp")).createGcpAntiCorruptionLayer(name, plan, childOpts);
                break;
        }
        this.url = outputs.url;
        this.functionName = outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
    }
}
