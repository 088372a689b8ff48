import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../cloud";
import type { FieldRule } from "./mapping";

/** The SOAP version of the legacy service's envelopes. */
export const SoapVersion = {
    /** SOAP 1.1: `text/xml`, the action in the `SOAPAction` header. */
    V1_1: "1.1",
    /** SOAP 1.2: `application/soap+xml` with the action as a parameter. */
    V1_2: "1.2",
} as const;
export type SoapVersion = (typeof SoapVersion)[keyof typeof SoapVersion];

/** How the legacy credentials are sent. */
export const LegacyAuthentication = {
    /** HTTP Basic. */
    Basic: "basic",
    /** A WS-Security UsernameToken in the envelope. */
    WsSecurity: "wsSecurity",
} as const;
export type LegacyAuthentication = (typeof LegacyAuthentication)[keyof typeof LegacyAuthentication];

/** What a legacy answer becomes. */
export const OperationResult = {
    /** One record; 404 when absent. */
    One: "one",
    /** A list of records. */
    Many: "many",
    /** 204 No Content. */
    None: "none",
} as const;
export type OperationResult = (typeof OperationResult)[keyof typeof OperationResult];

/**
 * The converters of the declarative mapping (handlers/anti-corruption-layer/mapping-rules.ts). Typed
 * by the handler's rule types rather than `as const`, so a converter the handler adds fails to compile here.
 */
export const FieldConverter: { readonly [K in FieldRule["type"]]: K } = {
    /** Text; fixed-width padding is trimmed. */
    string: "string",
    /** A whole number, as a JSON number. */
    integer: "integer",
    /** Integer cents to an exact decimal string (`12345` -> `"123.45"`). */
    decimalFromCents: "decimalFromCents",
    /** A date in a strftime-style `format` to ISO 8601. */
    date: "date",
    /** A legacy code to a domain name (`values`, `default`). */
    enum: "enum",
    /** A nested element to a nested object (`fields`). */
    object: "object",
    /** A repeated element to a JSON array (`item`). */
    list: "list",
};
export type FieldConverter = (typeof FieldConverter)[keyof typeof FieldConverter];

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
    readonly soapVersion?: SoapVersion;
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
    readonly authentication?: LegacyAuthentication;
    /**
     * Fault code, subcode or detail element (local name) -> HTTP status, checked before the defaults
     * (anything "not found" -> 404, Client/Sender -> 422, else 502). @default {}
     */
    readonly faultStatus?: Record<string, number>;
    /** Largest legacy answer read, in bytes; a larger one is a 502. @default 4194304 */
    readonly maxResponseBytes?: number;
}

/**
 * One legacy element of a request: where its value comes from, and optionally a converter, e.g.
 * `{ source: "path.id" }` or `{ source: "query.since", type: "date", format: "%Y%m%d" }`.
 */
export interface ParameterArgs {
    /** `path.<name>`, `query.<name>` or `header.<name>`. */
    readonly source: string;
    /** A missing value is a 400 naming the parameter (true) or the element is left out (false). @default true */
    readonly required?: boolean;
    /** Converts the value before it is sent: `string`, `integer`, `decimalFromCents`, `date` or `enum`. @default sent as given */
    readonly type?: FieldConverter;
    /** With `type: "date"`: the legacy format, strftime-style (`%Y%m%d`). */
    readonly format?: string;
    /** With `type: "enum"`: legacy code -> domain name (the request carries the domain name). */
    readonly values?: Record<string, string>;
    /** With `type: "string"`: trim padding. @default true */
    readonly trim?: boolean;
}

/**
 * One rule of the declarative mapping (handlers/anti-corruption-layer/mapping-rules.ts): `type`
 * says which of the other fields apply; the component refuses a rule that lacks what its type needs.
 */
export interface FieldRuleArgs {
    readonly type: FieldConverter;
    /**
     * Where the value sits in the legacy record: an element name, a dotted path (`ADDR.CITY`),
     * or `@name` for an attribute. Ignored on a list's `item`. @default the domain field's name
     */
    readonly from?: string;
    /** A missing value is an error naming the field (true) or is left out (false). @default true */
    readonly required?: boolean;
    /** `string`: trim fixed-width padding. @default true */
    readonly trim?: boolean;
    /** `date`, required: the legacy format, strftime-style (`%Y%m%d`; %Y %m %d %H %M %S). */
    readonly format?: string;
    /** `enum`, required: legacy code -> domain name. */
    readonly values?: Record<string, string>;
    /** `enum`: the domain name of an unlisted code. @default "UNKNOWN" */
    readonly default?: string;
    /** `object`, required: domain field -> rule for the nested element. */
    readonly fields?: Record<string, FieldRuleArgs>;
    /** `list`, required: the rule for each repeated element. */
    readonly item?: FieldRuleArgs;
}

/** How one legacy record maps to one domain object, both ways. */
export interface MappingArgs {
    /** The legacy record's element name, e.g. `OrderRecord`; found anywhere in the operation's answer. */
    readonly element: string;
    /** Domain field -> rule, in the order the legacy schema lists the elements (requests are written in this order). */
    readonly fields: Record<string, FieldRuleArgs>;
}

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
     * each with a converter when it needs one (a date format, an enum code). @default {}
     */
    readonly parameters?: Record<string, ParameterArgs>;
    /** The JSON request body is translated to the legacy record and sent in the operation. @default false */
    readonly body?: boolean;
    /** What the answer becomes: one record (404 when absent), a list, or 204 No Content. @default "one" */
    readonly result?: OperationResult;
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
    /**
     * Enable the Google APIs the component needs in the provider's project (gcp.projects.Service,
     * never disabled on destroy). Set false where the project's APIs are managed elsewhere.
     * @default true
     */
    readonly enableApis?: boolean;
}

/**
 * Args of {@link AntiCorruptionLayer}. What decides the resources and the function's behaviour
 * (operations, mapping, limits) is plain values, checked before any resource is declared; the
 * endpoint, the credentials and tags may be outputs.
 */
export interface AntiCorruptionLayerArgs {
    readonly legacy: LegacySystemArgs;
    /** REST route (`GET /orders/{id}`) -> the legacy operation it calls; at least one. */
    readonly operations: Record<string, OperationArgs>;
    /**
     * The declarative translation, legacy record <-> domain object. Not with `translatorModule`.
     * @default ORDER_RECORD_MAPPING, the catalogue's OrderRecord -> Order
     */
    readonly mapping?: MappingArgs;
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
