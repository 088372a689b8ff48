import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import type { EntityMapping, FieldRule } from "./mapping";

/** The legacy user and password, kept in the cloud's secret store. */
export interface LegacyCredentials {
    readonly username: string;
    readonly password: string;
}

/** The legacy SOAP service behind the layer. */
export interface LegacySystemArgs {
    /** The SOAP endpoint, e.g. `https://erp.internal/OrderService.asmx`. May be an output. */
    readonly endpoint: pulumi.Input<string>;
    /** Namespace of the operation elements (the service's target namespace), e.g. `urn:legacy-orders`. */
    readonly namespace: string;
    /** @default "1.1" */
    readonly soapVersion?: "1.1" | "1.2";
    /**
     * Time for one attempt, in seconds. Attempts x timeout + backoff must fit in 29 s (an API
     * Gateway HTTP API stops waiting at 30 s). @default 8
     */
    readonly timeoutSeconds?: number;
    /** Attempts of an idempotent operation on transient failures (non-idempotent ones: always 1). @default 3 */
    readonly maxAttempts?: number;
    /**
     * The legacy user and password. Stored in Secrets Manager / Key Vault / Secret Manager and
     * read by the function at cold start; marked secret here whether or not you did.
     * @default none: the legacy service is called without credentials
     */
    readonly credentials?: pulumi.Input<LegacyCredentials>;
    /** How the credentials are sent: HTTP Basic, or a WS-Security UsernameToken in the envelope. @default "basic" */
    readonly authentication?: "basic" | "wsSecurity";
    /**
     * Fault code, subcode or detail element (local name) -> HTTP status, checked before the defaults
     * (anything "not found" -> 404, Client/Sender -> 422, else 502). @default {}
     */
    readonly faultStatus?: Readonly<Record<string, number>>;
    /** Largest legacy answer read, in bytes; a larger one is a 502. @default 4194304 */
    readonly maxResponseBytes?: number;
}

/** A request parameter with a converter, e.g. `{ source: "query.since", type: "date", format: "%Y%m%d" }`. */
export type ParameterArgs = { readonly source: string; readonly required?: boolean } & Partial<Omit<FieldRule, "from" | "required">>;

/** The legacy operation one REST route calls. */
export interface OperationArgs {
    /** The SOAP operation (its request element), e.g. `GetOrder`. */
    readonly operation: string;
    /** SOAPAction (1.1) / action (1.2). @default the operation name */
    readonly soapAction?: string;
    /** Retried on transient failures when true. @default true for GET, PUT, DELETE; false for POST, PATCH */
    readonly idempotent?: boolean;
    /**
     * Legacy element -> where its value comes from: `path.<name>`, `query.<name>`, `header.<name>`,
     * or `{ source, type, ... }` to convert it (a date format, an enum code). @default {}
     */
    readonly parameters?: Readonly<Record<string, string | ParameterArgs>>;
    /** The JSON request body is translated to the legacy record and sent in the operation. @default false */
    readonly body?: boolean;
    /** What the answer becomes: one record (404 when absent), a list, or 204 No Content. @default "one" */
    readonly result?: "one" | "many" | "none";
}

/** AWS-only settings. */
export interface AntiCorruptionLayerAwsArgs {
    /** Steady-state requests per second the HTTP API stage lets through. @default 100 */
    readonly throttlingRateLimit?: number;
    /** Burst of requests the stage lets through. @default 200 */
    readonly throttlingBurstLimit?: number;
}

/** Azure-only settings. */
export interface AntiCorruptionLayerAzureArgs {
    /** @default a new resource group `${name}-rg` */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** @default the provider's `azure-native:location` */
    readonly location?: pulumi.Input<string>;
    /** API Management publisher e-mail. @default "platform@example.com" */
    readonly publisherEmail?: pulumi.Input<string>;
    /** API Management publisher name. @default "cloud-patterns" */
    readonly publisherName?: pulumi.Input<string>;
}

/** GCP-only settings. */
export interface AntiCorruptionLayerGcpArgs {
    /** @default the provider's `gcp:region` */
    readonly region?: pulumi.Input<string>;
}

/**
 * Args of {@link AntiCorruptionLayer}. What decides the resources and the function's behaviour
 * (operations, mapping, limits) is plain values, checked before any resource is declared; the
 * endpoint, the credentials and tags may be outputs.
 */
export interface AntiCorruptionLayerArgs {
    readonly legacy: LegacySystemArgs;
    /** REST route (`GET /orders/{id}`) -> the legacy operation it calls; at least one. */
    readonly operations: Readonly<Record<string, OperationArgs>>;
    /**
     * The declarative translation, legacy record <-> domain object. Not with `translatorModule`.
     * @default ORDER_RECORD_MAPPING, the catalogue's OrderRecord -> Order
     */
    readonly mapping?: EntityMapping;
    /**
     * Path of your own TypeScript module exporting `toDomain(response, context)` and optionally
     * `toLegacy(body, context)` (handlers/anti-corruption-layer/translator.ts), bundled with the
     * function instead of the declarative mapping. Relative paths resolve from the working directory.
     * @default none: the declarative `mapping` is used
     */
    readonly translatorModule?: string;
    /** Largest JSON request body, in bytes. @default 1048576 */
    readonly maxRequestBytes?: number;
    /** Function memory in MB (Azure Flex rounds up to 512, 2048 or 4096). @default 256 */
    readonly memoryMb?: number;
    /** Log retention in days. @default 30 */
    readonly logRetentionDays?: number;
    /** Tags (labels on GCP) on every child that takes them. @default {} */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** @default stack config `cloud-patterns:cloud` */
    readonly cloud?: Cloud;
    readonly aws?: AntiCorruptionLayerAwsArgs;
    readonly azure?: AntiCorruptionLayerAzureArgs;
    readonly gcp?: AntiCorruptionLayerGcpArgs;
}
