/**
 * The contract between the AntiCorruptionLayer component and its function: the CLOUD_PATTERNS_CONFIG
 * document as the component writes it (`satisfies`) and settings.ts reads it, and the choices both
 * sides check. Types and pure data only (see docs/platform.md), so components may import it.
 */
import type { EntityMapping, FieldRule } from "./mapping-rules";
import type { SecretReference } from "../secrets/reference";

export type SoapVersion = "1.1" | "1.2";
export const SOAP_VERSIONS: readonly SoapVersion[] = ["1.1", "1.2"];
/** How the function authenticates to the legacy service with the stored credentials. */
export type Authentication = "basic" | "wsSecurity";
export const AUTHENTICATIONS: readonly Authentication[] = ["basic", "wsSecurity"];
/** What an operation's answer becomes: one record, a list of records, or no body. */
export type ResultKind = "one" | "many" | "none";
export const RESULTS: readonly ResultKind[] = ["one", "many", "none"];

/** The legacy SOAP service and how it is called. */
export interface LegacyDocument {
    readonly endpoint: string;
    readonly namespace: string;
    readonly soapVersion?: SoapVersion;
    readonly timeoutMs?: number;
    readonly maxAttempts?: number;
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxResponseBytes?: number;
    readonly authentication?: Authentication;
    /** Fault code, subcode or detail element local name -> HTTP status (400-599). */
    readonly faultStatus?: Readonly<Record<string, number>>;
}

/** A request parameter: `path.<name>`, `query.<name>` or `header.<name>`, optionally converted by a rule. */
export type ParameterDocument =
    string | ({ readonly source: string; readonly required?: boolean } & Partial<Omit<FieldRule, "from" | "required">>);

/** One route's legacy operation. */
export interface OperationDocument {
    readonly operation: string;
    readonly soapAction?: string;
    readonly idempotent?: boolean;
    /** Legacy element (in the operation element) -> where its value comes from. */
    readonly parameters?: Readonly<Record<string, ParameterDocument>>;
    readonly body?: boolean;
    readonly result?: ResultKind;
}

/** The translator function's document. */
export interface AclSettingsDocument {
    readonly legacy: LegacyDocument;
    /** Where the legacy credentials are stored; never the credentials themselves. */
    readonly credentials?: SecretReference;
    /** Route key (`GET /orders/{id}`) -> operation. */
    readonly operations: Readonly<Record<string, OperationDocument>>;
    /** Absent when a translator module replaces the declarative mapping. */
    readonly mapping?: EntityMapping;
    readonly maxRequestBytes?: number;
    /** A prefix the front door keeps on the path (e.g. `/acl`), removed before routing. */
    readonly basePath?: string;
}
