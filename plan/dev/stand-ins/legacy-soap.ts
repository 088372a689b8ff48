/**
 * What the local legacy SOAP service answers: for the operation named in the request's body, one
 * record in the mapping's own element and legacy field names, each with a sample value its rule
 * converts (so the translator's real mapping runs on it), in the stack's SOAP version.
 */
import type { EntityMapping, FieldRule } from "../../../handlers/anti-corruption-layer/mapping-rules";
import type { LegacyNode } from "../../../handlers/anti-corruption-layer/mapping";
import { buildEnvelope, soapMediaType, SoapVersion } from "../../../handlers/anti-corruption-layer/soap";
import type { StandInAnswer } from "./http-stand-in";

const SAMPLE_DATE = new Date(Date.UTC(2026, 0, 31, 9, 30, 0));

function sampleText(rule: FieldRule): string | undefined {
    switch (rule.type) {
        case "string":
            return "SAMPLE";
        case "integer":
            return "42";
        case "decimalFromCents":
            return "1999";
        case "enum":
            return Object.keys(rule.values)[0];
        case "date": {
            const parts: Record<string, string> = {
                Y: String(SAMPLE_DATE.getUTCFullYear()),
                m: String(SAMPLE_DATE.getUTCMonth() + 1).padStart(2, "0"),
                d: String(SAMPLE_DATE.getUTCDate()).padStart(2, "0"),
                H: String(SAMPLE_DATE.getUTCHours()).padStart(2, "0"),
                M: String(SAMPLE_DATE.getUTCMinutes()).padStart(2, "0"),
                S: String(SAMPLE_DATE.getUTCSeconds()).padStart(2, "0"),
            };
            return rule.format.replace(/%([YmdHMS])/g, (_, p: string) => parts[p]);
        }
        default:
            return undefined;
    }
}

/** The record as a legacy node: nested elements for dotted `from` paths, attributes for `@name`, nested objects and lists left out. */
function recordNode(mapping: EntityMapping): Record<string, LegacyNode> {
    const record: Record<string, LegacyNode> = {};
    for (const [field, rule] of Object.entries(mapping.fields)) {
        const text = sampleText(rule);
        if (text === undefined) continue;
        const from = rule.from ?? field;
        if (from.startsWith("@")) record[`@_${from.slice(1)}`] = text;
        else {
            const path = from.split(".");
            let node = record;
            for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, LegacyNode>;
            node[path[path.length - 1]] = text;
        }
    }
    return record;
}

export function legacyAnswer(version: SoapVersion, namespace: string, mapping: EntityMapping, requestBody: string): StandInAnswer {
    const operation = /<(?:[\w-]+:)?Body[^>]*>\s*<(?:[\w-]+:)?([\w-]+)/.exec(requestBody)?.[1] ?? "Operation";
    const body = buildEnvelope({
        version,
        namespace,
        operation: `${operation}Response`,
        payload: { [mapping.element]: recordNode(mapping) },
    });
    return { status: 200, contentType: `${soapMediaType(version)}; charset=utf-8`, body };
}
