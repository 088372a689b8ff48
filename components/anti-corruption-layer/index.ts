import * as pulumi from "@pulumi/pulumi";
import { Cloud, resolveCloud } from "../cloud";
import { buildOnCloud, childrenOn } from "../pattern-component";
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
    FieldRuleArgs,
    LegacyCredentials,
    LegacySystemArgs,
    MappingArgs,
    OperationArgs,
    ParameterArgs,
} from "./args";
export { FieldConverter, LegacyAuthentication, OperationResult, SoapVersion } from "./args";
export type { EntityMapping, FieldRule } from "./mapping";
export { ORDER_RECORD_MAPPING } from "./mapping";
export type { AwsAntiCorruptionLayer, AzureAntiCorruptionLayer, GcpAntiCorruptionLayer };

/** The outputs of an Anti-Corruption Layer on every cloud (documented on the component class, whose properties the schema reads). */
export interface AntiCorruptionLayerOutputs {
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;
}

/** One cloud's implementation; the bound is the compile-time check that every cloud gives the same outputs. */
export type AntiCorruptionLayerImplementation<T extends AntiCorruptionLayerOutputs> = (
    name: string,
    plan: AntiCorruptionLayerPlan,
    opts: pulumi.CustomResourceOptions,
) => T;

/**
 * Anti-Corruption Layer: a REST/JSON face for a legacy SOAP/XML system. A function translates
 * each REST request into a SOAP envelope and the answer into clean domain JSON, through a
 * declarative mapping or your own translator module; the legacy credentials live in the cloud's
 * secret store and only that function may read them. The cloud is picked by the `cloud` arg or
 * stack config; only that cloud's implementation (and provider SDK) is loaded.
 */
export class AntiCorruptionLayer extends pulumi.ComponentResource implements AntiCorruptionLayerOutputs {
    /** The cloud it is deployed to. */
    readonly cloud: Cloud;
    /** Base URL of the front door, without a trailing slash; append a route's path. */
    readonly url: pulumi.Output<string>;
    /** The cloud's name of the translator function (Lambda, function app, Cloud Function). */
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: AntiCorruptionLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("AntiCorruptionLayer", args?.cloud);
        const plan = planAntiCorruptionLayer(name, args);
        super("cloud-patterns:index:AntiCorruptionLayer", name, {}, opts);
        this.cloud = cloud;
        const outputs = buildOnCloud<AntiCorruptionLayerOutputs, AwsAntiCorruptionLayer, AzureAntiCorruptionLayer, GcpAntiCorruptionLayer>(this, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsAntiCorruptionLayer(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureAntiCorruptionLayer(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpAntiCorruptionLayer(name, plan, o),
        });
        this.url = outputs.url;
        this.functionName = outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
    }

    /** The AWS children, when deployed to AWS (TypeScript only: other languages get the outputs above). */
    get aws(): AwsAntiCorruptionLayer | undefined {
        return childrenOn(this, Cloud.Aws);
    }

    /** The Azure children, when deployed to Azure (TypeScript only). */
    get azure(): AzureAntiCorruptionLayer | undefined {
        return childrenOn(this, Cloud.Azure);
    }

    /** The GCP children, when deployed to GCP (TypeScript only). */
    get gcp(): GcpAntiCorruptionLayer | undefined {
        return childrenOn(this, Cloud.Gcp);
    }
}
