import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";

/** One backend service the gateway calls for every request. */
export interface GatewayAggregationBackend {
    /**
     * Key of this backend's JSON body in the merged response, and the name failures report
     * (`x-degraded`, 502/504 bodies): letters, digits, `_` and `-`, starting with a letter.
     */
    readonly name: string;
    /**
     * http(s) URL. `{param}` placeholders name path parameters of `route` and are filled
     * URL-encoded, e.g. `https://users.internal/users/{id}`. May be an output (another stack's
     * endpoint); it is then checked once known.
     */
    readonly url: pulumi.Input<string>;
    /**
     * Time allowed for one attempt, in ms (a retried GET gets a second attempt within the budget).
     * @default the whole budget (`timeoutMs`)
     */
    readonly timeoutMs?: number;
    /**
     * A required backend that fails fails the request (502); an optional one is left out of the
     * response and named in `degraded` / `x-degraded`.
     * @default true
     */
    readonly required?: boolean;
}

/** AWS-only settings. */
export interface GatewayAggregationAwsArgs {
    /** Steady-state requests per second the HTTP API stage lets through. @default 100 */
    readonly throttlingRateLimit?: number;
    /** Burst of requests the stage lets through. @default 200 */
    readonly throttlingBurstLimit?: number;
}

/** Azure-only settings. */
export interface GatewayAggregationAzureArgs {
    /** Resource group to create everything in. @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
    /** API Management publisher e-mail (Azure sends service notices there). @default "platform@example.com" */
    readonly publisherEmail?: pulumi.Input<string>;
    /** API Management publisher name. @default "cloud-patterns" */
    readonly publisherName?: pulumi.Input<string>;
}

/** GCP-only settings. */
export interface GatewayAggregationGcpArgs {
    /** Region of the function and the gateway. @default the provider's `gcp:region` */
    readonly region?: pulumi.Input<string>;
    /**
     * Enable the Google APIs the component needs in the provider's project (gcp.projects.Service,
     * never disabled on destroy). Set false where the project's APIs are managed elsewhere.
     * @default true
     */
    readonly enableApis?: boolean;
}

/**
 * Args of {@link GatewayAggregation}. Fields that decide which resources exist and what the
 * function does (route, backends' names and timeouts, merge module, sizes) are plain values, so
 * they are checked before any resource is declared; backend URLs and tags may be outputs.
 */
export interface GatewayAggregationArgs {
    /** The services to call in parallel; at least one, names unique. */
    readonly backends: GatewayAggregationBackend[];
    /** The one route the gateway serves, `METHOD /path/{param}`. @default "GET /aggregate/{id}" */
    readonly route?: string;
    /**
     * The whole request's budget in ms, retries included: when it runs out with a required
     * backend unanswered the answer is 504. At most 29000 (an API Gateway HTTP API stops waiting
     * for its integration at 30 s). @default 10000
     */
    readonly timeoutMs?: number;
    /**
     * Path of your own TypeScript module exporting `merge(results, request)`
     * (see handlers/gateway-aggregation/merge.ts), bundled with the function; relative paths are
     * resolved from the program's working directory.
     * @default the built-in merge: each backend's body under its name, plus `degraded`
     */
    readonly mergeModule?: string;
    /** Function memory in MB (Azure Flex rounds up to 512, 2048 or 4096). @default 256 */
    readonly memoryMb?: number;
    /** Log retention of the function (and the AWS access log) in days. @default 30 */
    readonly logRetentionDays?: number;
    /** Tags (labels on GCP) on every child that takes them. @default {} */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The cloud to deploy to. @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    readonly aws?: GatewayAggregationAwsArgs;
    readonly azure?: GatewayAggregationAzureArgs;
    readonly gcp?: GatewayAggregationGcpArgs;
}
