/**
 * The Anti-Corruption Layer, locally: the translator bundle behind every operation's route, the
 * legacy SOAP service a local stand-in answering records in the mapping's legacy shape (with the
 * `legacy` faults), and a smoke call per route: a translated domain object (200/201) when the
 * legacy service answers, a 502 / 504 problem document when it fails or is too slow.
 */
import { translatorBundle } from "../../../components/anti-corruption-layer/functions";
import type { AclSettingsDocument } from "../../../handlers/anti-corruption-layer/settings-document";
import type { EntityMapping } from "../../../handlers/anti-corruption-layer/mapping-rules";
import { legacyAnswer } from "../stand-ins/legacy-soap";
import { startHttpStandIn } from "../stand-ins/http-stand-in";
import { DevWiring, stackFunction } from "../wiring";
import { rebase, samplePath } from "./sample-path";

/** A domain object the mapping turns into a legacy record (the POST body of a smoke call). */
function sampleDomainObject(mapping: EntityMapping): Record<string, unknown> {
    const sample: Record<string, unknown> = {};
    for (const [field, rule] of Object.entries(mapping.fields)) {
        if (rule.type === "string") sample[field] = "SAMPLE";
        else if (rule.type === "integer") sample[field] = 42;
        else if (rule.type === "decimalFromCents") sample[field] = "19.99";
        else if (rule.type === "enum") sample[field] = Object.values(rule.values)[0];
        // A date-only format takes a calendar date; one with a time of day takes a UTC instant.
        else if (rule.type === "date") sample[field] = rule.format.includes("%H") ? "2026-01-31T09:30:00Z" : "2026-01-31";
    }
    return sample;
}

export const antiCorruptionLayerWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const fn = stackFunction(pattern, "translator");
        const settings = fn.settings as unknown as AclSettingsDocument;
        const mapping = settings.mapping;
        if (!mapping)
            throw new Error(
                `AntiCorruptionLayer '${pattern.name}': its translator module replaces the declarative mapping, and the local legacy stand-in answers only in a mapping's shape`,
            );
        const version = settings.legacy.soapVersion ?? "1.1";
        const legacy = await startHttpStandIn(
            "legacy",
            (_req, body) => legacyAnswer(version, settings.legacy.namespace, mapping, body),
            context.faults.legacy,
            context.faults.seed,
            context.log,
        );
        if (settings.credentials) context.log("the credentials reference is left out: the local legacy service asks for none");
        const endpoint = rebase(settings.legacy.endpoint, legacy.url);
        const local: AclSettingsDocument = { ...settings, credentials: undefined, legacy: { ...settings.legacy, endpoint } };
        const routes = Object.keys(settings.operations);
        return {
            functions: [{ role: "translator", bundle: translatorBundle(context.cloud), settings: local }],
            routes: routes.map((key) => ({ key, role: "translator" })),
            async smoke(call) {
                const lines: string[] = [];
                let ok = true;
                for (const key of routes) {
                    legacy.calls.length = 0;
                    const { method, path } = samplePath(key, "000123");
                    const answer = await call(method, path, settings.operations[key].body ? sampleDomainObject(mapping) : undefined);
                    const legacyFailed = legacy.calls.length > 0 && legacy.calls.every((c) => c.status >= 400);
                    const tooSlow = (context.faults.legacy?.latencyMs ?? 0) >= (settings.legacy.timeoutMs ?? Infinity);
                    const expected = tooSlow ? [504] : legacyFailed ? [502] : [200, 201];
                    const good =
                        expected.includes(answer.status) &&
                        (answer.status < 400
                            ? answer.contentType.startsWith("application/json")
                            : answer.contentType.startsWith("application/problem+json"));
                    ok &&= good;
                    lines.push(
                        `${method} ${path} -> ${answer.status}${good ? "" : ` (expected ${expected.join(" or ")}: ${answer.text.slice(0, 160)})`}`,
                    );
                }
                return { ok, summary: lines.join("; ") };
            },
            stop: () => legacy.stop(),
        };
    },
};
