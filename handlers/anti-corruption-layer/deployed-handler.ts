/**
 * What every ACL entry (entries/<cloud>-translator.ts) runs, given its cloud's secret store:
 * settings from CLOUD_PATTERNS_CONFIG, credentials by reference from that store, and the
 * translator: the declarative mapping in the settings, or the user's translator module.
 */
import { atColdStart } from "../cold-start";
import { readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { cachedSecret, type SecretStore } from "../secrets";
import { createAntiCorruptionLayer } from "./acl";
import { parseAclSettings } from "./settings";
import { asTranslator, declarativeTranslator } from "./translator";

/** What the built-in translator module (mapping-translator.ts) exports, so the handler knows to use the settings' mapping. */
export const MAPPING_FROM_SETTINGS = "mappingFromSettings";

/**
 * The handler a deployed function runs, built at cold start (handlers/cold-start.ts).
 * `translatorModule` is what the bundler resolved `cloud-patterns:acl-translator` to. A bad
 * configuration answers 500 on every request and logs the field that is wrong, instead of
 * crashing the runtime's import.
 */
export function deployedHandler(translatorModule: unknown, secrets: SecretStore): HttpHandler {
    const acl = atColdStart(() => {
        const declarative = (translatorModule as Record<string, unknown>)[MAPPING_FROM_SETTINGS] === true;
        const settings = readFunctionConfig((reader) => parseAclSettings(reader, declarative));
        const translator = declarative ? declarativeTranslator(settings.mapping!) : asTranslator(translatorModule, "translatorModule");
        const credentials = settings.credentials ? cachedSecret(settings.credentials, secrets) : undefined;
        return createAntiCorruptionLayer(settings, translator, { credentials });
    });
    return async (request) => {
        let handler: HttpHandler;
        try {
            handler = acl();
        } catch (err) {
            console.error(`anti-corruption-layer: cannot start: ${(err as Error).message}`);
            return problemResponse(
                new HttpError(500, "Internal Server Error", "the anti-corruption layer is misconfigured; see the function's log"),
                request,
            );
        }
        return handler(request);
    };
}
