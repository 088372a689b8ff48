/**
 * XML from the legacy system, parsed defensively. SOAP forbids DTDs, so any DOCTYPE or
 * ENTITY declaration is refused before parsing: no entity expansion (billion laughs), no
 * external entity (file or network read). Size is capped by the caller while reading.
 */
import { XMLBuilder, XMLParser } from "fast-xml-parser";
import type { LegacyNode } from "./mapping";

/** Why a legacy document was refused or could not be read as XML. */
export class XmlError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "XmlError";
    }
}

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
    ignoreAttributes: false,
    // Envelope and record namespaces vary between legacy deployments; mappings name local names.
    removeNSPrefix: true,
    // Keep every value as text: leading zeros and cents must survive exactly.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // The five XML entities plus numeric character references (&#38;), which fast-xml-parser decodes
    // only when htmlEntities is set; an empty map adds no HTML names and halves the parse time of `true`.
    htmlEntities: {} as unknown as boolean,
    maxNestedTags: 64,
});

/** Parses a legacy document; throws {@link XmlError} for a DTD, or for text that is not well-formed XML. */
export function parseLegacyXml(text: string): Record<string, LegacyNode | LegacyNode[]> {
    const declaration = DECLARATION.exec(text);
    if (declaration) {
        throw new XmlError(
            `the document declares a ${declaration[1].toUpperCase()}; SOAP messages must not contain a DTD, so it was refused unread (entity expansion and external entities are never processed)`,
        );
    }
    try {
        return parser.parse(text, true) as Record<string, LegacyNode | LegacyNode[]>;
    } catch (err) {
        throw new XmlError(`not well-formed XML (${(err as Error).message.trim()})`);
    }
}

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });

/** Serialises a node tree (attributes as `@_name`); text is escaped. */
export function buildXml(tree: Record<string, unknown>): string {
    return builder.build(tree) as string;
}
