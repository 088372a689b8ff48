import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import { buildPattern, childrenOn, PatternDefinition, preparePattern } from "../pattern-component";
import type { AntiCorruptionLayerArgs } from "./args";
import type { AwsAntiCorruptionLayer } from "./aws";
import type { AzureAntiCorruptionLayer } from "./azure";
import type { GcpAntiCorruptionLayer } from "./gcp";
import { ANTI_CORRUPTION_LAYER_OUTPUTS, AntiCorruptionLayerOutputs } from "./outputs";
import { resolveAntiCorruptionLayerArgs, ResolvedAntiCorruptionLayerArgs } from "./resolve";

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
export type { AntiCorruptionLayerOutputs } from "./outputs";
export type { AwsAntiCorruptionLayer, AzureAntiCorruptionLayer, GcpAntiCorruptionLayer };

const ANTI_CORRUPTION_LAYER: PatternDefinition<
    AntiCorruptionLayerArgs,
    ResolvedAntiCorruptionLayerArgs,
    AntiCorruptionLayerOutputs,
    AwsAntiCorruptionLayer,
    AzureAntiCorruptionLayer,
    GcpAntiCorruptionLayer
> = {
    className: "AntiCorruptionLayer",
    resolve: resolveAntiCorruptionLayerArgs,
    aws: (...build) => (require("./aws") as typeof import("./aws")).createAwsAntiCorruptionLayer(...build),
    azure: (...build) => (require("./azure") as typeof import("./azure")).createAzureAntiCorruptionLayer(...build),
    gcp: (...build) => (require("./gcp") as typeof import("./gcp")).createGcpAntiCorruptionLayer(...build),
    outputs: ANTI_CORRUPTION_LAYER_OUTPUTS,
};

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
    declare readonly url: pulumi.Output<string>;
    /** The cloud's name of the translator function (Lambda, function app, Cloud Function). */
    declare readonly functionName: pulumi.Output<string>;
    /**
     * The key callers send when `auth` is `apiKey` (`Ocp-Apim-Subscription-Key` on Azure, `x-api-key` on GCP),
     * a secret; "" with any other mode.
     */
    declare readonly apiKey: pulumi.Output<string>;

    constructor(name: string, args: AntiCorruptionLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        const prepared = preparePattern(ANTI_CORRUPTION_LAYER, name, args);
        super(prepared.type, name, {}, opts);
        this.cloud = prepared.cloud;
        this.registerOutputs(buildPattern(this, ANTI_CORRUPTION_LAYER, name, prepared));
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
