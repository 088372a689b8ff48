/**
 * Anti-Corruption Layer: a REST/JSON face for a legacy SOAP/XML system. A function translates
 * each REST request into a SOAP envelope and the answer into clean domain JSON, through a
 * declarative mapping or your own translator module; the legacy credentials live in the cloud's
 * secret store and only that function may read them. The cloud is picked by the `cloud` arg or
 * stack config; only that cloud's implementation (and provider SDK) is loaded.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveCloud } from "../cloud";
import { PatternComponent } from "../pattern-component";
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

export class AntiCorruptionLayer
    extends PatternComponent<AntiCorruptionLayerOutputs, AwsAntiCorruptionLayer, AzureAntiCorruptionLayer, GcpAntiCorruptionLayer>
    implements AntiCorruptionLayerOutputs
{
    readonly url: pulumi.Output<string>;
    readonly functionName: pulumi.Output<string>;

    constructor(name: string, args: AntiCorruptionLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Everything that can be wrong is found before the component or any child is registered.
        const cloud = resolveCloud("AntiCorruptionLayer", args?.cloud);
        const plan = planAntiCorruptionLayer(name, args);
        super("AntiCorruptionLayer", name, cloud, {
            aws: (o) => (require("./aws") as typeof import("./aws")).createAwsAntiCorruptionLayer(name, plan, o),
            azure: (o) => (require("./azure") as typeof import("./azure")).createAzureAntiCorruptionLayer(name, plan, o),
            gcp: (o) => (require("./gcp") as typeof import("./gcp")).createGcpAntiCorruptionLayer(name, plan, o),
        }, opts);
        this.url = this.outputs.url;
        this.functionName = this.outputs.functionName;
        this.registerOutputs({ url: this.url, functionName: this.functionName });
    }
}
