/**
 * The seam between SOAP plumbing and the domain: a translator turns the legacy answer into
 * domain JSON and a domain request body into the legacy record. The declarative mapping is one;
 * a user's `translatorModule` (bundled with the function) is another.
 */
import type { CompiledMapping, LegacyNode } from "./mapping";
import type { ResultKind } from "./settings";

export interface TranslationContext {
    /** The route key that matched, e.g. `GET /orders/{id}`. */
    readonly route: string;
    /** The legacy operation called, e.g. `GetOrder`. */
    readonly operation: string;
    readonly result: ResultKind;
    readonly params: Readonly<Record<string, string>>;
}

/** What a `translatorModule` exports (named exports, or a default export with these members). */
export interface Translator {
    /**
     * The element inside soap:Body of the legacy answer (e.g. `GetOrderResponse`, parsed, local
     * names, values as text) -> the JSON the client gets. `undefined` answers 404.
     * Throw a `TranslationError` (or any error) for a record that breaks the legacy contract: 502.
     */
    toDomain(response: LegacyNode, context: TranslationContext): unknown;
    /** The client's JSON body -> the children of the operation element. Throwing answers 422. */
    toLegacy?(body: unknown, context: TranslationContext): Record<string, LegacyNode | LegacyNode[]>;
}

/** All occurrences of `element` at the shallowest depth it appears below `node`. */
function findRecords(node: LegacyNode | LegacyNode[], element: string): LegacyNode[] | undefined {
    const queue: (LegacyNode | LegacyNode[])[] = [node];
    while (queue.length) {
        const current = queue.shift()!;
        if (Array.isArray(current)) {
            queue.push(...current);
            continue;
        }
        if (typeof current === "string") continue;
        const found = current[element];
        if (found !== undefined) return Array.isArray(found) ? found : [found];
        for (const [key, child] of Object.entries(current)) if (!key.startsWith("@_")) queue.push(child);
    }
    return undefined;
}

/** The translator the declarative mapping gives: records found by element name, anywhere in the answer. */
export function declarativeTranslator(mapping: CompiledMapping): Translator {
    return {
        toDomain(response, context) {
            const records = findRecords(response, mapping.element) ?? [];
            if (context.result === "many")
                return records.map((r, i) => mapping.toDomain(r, { field: `[${i}]`, legacy: `${mapping.element}[${i}]` }));
            if (records.length === 0) return undefined;
            if (records.length > 1)
                throw new Error(`expected one ${mapping.element} in ${context.operation}'s answer, found ${records.length}`);
            return mapping.toDomain(records[0], { field: "", legacy: mapping.element });
        },
        toLegacy(body) {
            return { [mapping.element]: mapping.toLegacy(body) };
        },
    };
}

/** Checks a loaded translator module has the members the handler calls; names what is missing. */
export function asTranslator(module: unknown, source: string): Translator {
    const candidate = (module as { default?: unknown })?.default ?? module;
    const t = candidate as Partial<Translator> | undefined;
    if (typeof t?.toDomain !== "function")
        throw new Error(`translator module ${source} must export a function toDomain(response, context)`);
    if (t.toLegacy !== undefined && typeof t.toLegacy !== "function")
        throw new Error(`translator module ${source}: toLegacy must be a function when exported`);
    return t as Translator;
}
