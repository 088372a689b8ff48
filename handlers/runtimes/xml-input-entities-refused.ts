/**
 * What packages are bundled with in place of `is-unsafe` (components/platform/bundle.ts aliases it
 * here). fast-xml-parser calls `isUnsafe` for one thing only: each entity a document's own DOCTYPE
 * declares (OrderedObjParser's `onInputEntity`, reached from `readDocType` on `<!D`). The
 * Anti-Corruption Layer refuses every document that declares a DOCTYPE or ENTITY before parsing
 * (handlers/anti-corruption-layer/xml.ts), and the parser's validator refuses any other `<!D`, so
 * that call never happens; the library's nine pattern sets cost 17 KiB of the package. Should a
 * later change reach it anyway, the parse fails closed: the document is refused, naming why.
 */

/** The pattern sets fast-xml-parser imports by name; never matched against. */
export const HTML: readonly RegExp[] = [];
export const XML: readonly RegExp[] = [];

export function isUnsafe(): never {
    throw new Error("entities declared by the document are refused (is-unsafe is not bundled: DTDs are rejected before parsing)");
}
