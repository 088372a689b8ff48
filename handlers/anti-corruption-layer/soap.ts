/**
 * SOAP 1.1 and 1.2 envelopes: building a request, and reading a response into either the
 * operation's result element or a fault.
 */
import type { LegacyNode } from "./mapping";
import { buildXml } from "./xml";

import type { SoapVersion } from "./settings-document";

export { SOAP_VERSIONS, type SoapVersion } from "./settings-document";

const ENVELOPE_NS: Record<SoapVersion, string> = {
    "1.1": "http://schemas.xmlsoap.org/soap/envelope/",
    "1.2": "http://www.w3.org/2003/05/soap-envelope",
};
const WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

/** The content type of a version's envelope ("text/xml" for 1.1, "application/soap+xml" for 1.2). */
export function soapMediaType(version: SoapVersion): string {
    return version === "1.1" ? "text/xml" : "application/soap+xml";
}

/** HTTP headers for a request: 1.1 carries the action in SOAPAction, 1.2 in the content type. */
export function soapHeaders(version: SoapVersion, action: string): Record<string, string> {
    return version === "1.1"
        ? { "content-type": "text/xml; charset=utf-8", soapaction: JSON.stringify(action) }
        : { "content-type": `application/soap+xml; charset=utf-8; action=${JSON.stringify(action)}` };
}

export interface EnvelopeSpec {
    readonly version: SoapVersion;
    /** Namespace of the operation element; its children inherit it (elementFormDefault="qualified"). */
    readonly namespace: string;
    readonly operation: string;
    readonly payload: Readonly<Record<string, LegacyNode | LegacyNode[]>>;
    /** WS-Security UsernameToken, when the legacy service authenticates in the envelope. */
    readonly usernameToken?: { readonly username: string; readonly password: string };
}

export function buildEnvelope(spec: EnvelopeSpec): string {
    const header = spec.usernameToken
        ? {
              "soap:Header": {
                  "wsse:Security": {
                      "@_xmlns:wsse": WSSE_NS,
                      "@_soap:mustUnderstand": spec.version === "1.1" ? "1" : "true",
                      "wsse:UsernameToken": {
                          "wsse:Username": spec.usernameToken.username,
                          "wsse:Password": { "@_Type": PASSWORD_TEXT, "#text": spec.usernameToken.password },
                      },
                  },
              },
          }
        : {};
    return `<?xml version="1.0" encoding="utf-8"?>${buildXml({
        "soap:Envelope": {
            "@_xmlns:soap": ENVELOPE_NS[spec.version],
            ...header,
            "soap:Body": { [spec.operation]: { "@_xmlns": spec.namespace, ...spec.payload } },
        },
    })}`;
}

/** A SOAP fault, whichever version carried it; codes are local names (`Client`, `Sender`, `OrderNotFound`). */
export interface SoapFault {
    readonly code: string;
    readonly subcodes: readonly string[];
    readonly reason: string;
    /** Element names directly inside the fault's detail, which services often use to classify. */
    readonly detailElements: readonly string[];
}

export type SoapResult =
    | { readonly kind: "result"; readonly element: string; readonly node: LegacyNode }
    | { readonly kind: "empty" }
    | { readonly kind: "fault"; readonly fault: SoapFault };

/** Thrown when a well-formed document is not a SOAP envelope; says what it found instead. */
export class NotSoapError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NotSoapError";
    }
}

type Tree = { [name: string]: LegacyNode | LegacyNode[] };

const isTree = (node: unknown): node is Tree => typeof node === "object" && node !== null && !Array.isArray(node);
const childElements = (node: Tree) => Object.keys(node).filter((k) => !k.startsWith("@_") && k !== "#text" && k !== "?xml");
const localName = (qname: string) => qname.slice(qname.indexOf(":") + 1).trim();

function text(node: LegacyNode | LegacyNode[] | undefined): string {
    if (node === undefined) return "";
    if (Array.isArray(node)) return text(node[0]);
    if (typeof node === "string") return node;
    const t = node["#text"];
    return typeof t === "string" ? t : "";
}

function readFault(fault: Tree): SoapFault {
    const detail = fault.detail ?? fault.Detail;
    const detailElements = isTree(detail) ? childElements(detail) : [];
    if (fault.Code !== undefined) {
        // SOAP 1.2: Code/Value, nested Code/Subcode/Value..., Reason/Text (one per language)
        const subcodes: string[] = [];
        let sub = isTree(fault.Code) ? fault.Code.Subcode : undefined;
        while (isTree(sub)) {
            subcodes.push(localName(text(sub.Value)));
            sub = sub.Subcode;
        }
        const reason = isTree(fault.Reason) ? text(fault.Reason.Text) : text(fault.Reason);
        return { code: localName(text(isTree(fault.Code) ? fault.Code.Value : fault.Code)), subcodes, reason, detailElements };
    }
    return { code: localName(text(fault.faultcode)), subcodes: [], reason: text(fault.faultstring), detailElements };
}

/** Reads a parsed envelope: the first element in Body, a Fault, or nothing. */
export function readEnvelope(document: Tree): SoapResult {
    const envelope = document.Envelope;
    if (!isTree(envelope)) {
        const roots = childElements(document);
        throw new NotSoapError(
            `the answer's root is ${roots.length ? roots.map((r) => `<${r}>`).join(", ") : "no element"}, not a SOAP Envelope`,
        );
    }
    const body = envelope.Body;
    if (body === undefined) throw new NotSoapError("the answer's Envelope has no Body");
    if (!isTree(body)) return { kind: "empty" };
    if (isTree(body.Fault)) return { kind: "fault", fault: readFault(body.Fault) };
    const [element] = childElements(body);
    if (element === undefined) return { kind: "empty" };
    const node = body[element];
    return { kind: "result", element, node: Array.isArray(node) ? node[0] : node };
}
