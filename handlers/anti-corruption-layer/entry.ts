/**
 * Builds the handler a deployed function runs, once per cold start: settings from
 * CLOUD_PATTERNS_CONFIG, credentials by reference from the cloud's secret store, and the
 * translator: the declarative mapping in the settings, or the user's translator module.
 */
import { readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { cachedSecret, type SecretStore } from "../secrets";
import { createAntiCorruptionLayer } from "./acl";
import { parseAclSettings } from "./settings";
import { asTranslator, declarativeTranslator } from "./translator";

/** What the built-in translator module (mapping-translator.ts) exports, so the entry knows to use the settings' mapping. */
export const MAPPING_FROM_SETTINGS = "mappingFromSettings";

/**
 * A handler that builds itself on the first request. `translatorModule` is what the bundler
 * resolved `cloud-patterns:acl-translator` to. A bad configuration answers 500 on every request
 * and logs the field that is wrong, instead of crashing the runtime's import.
 */
export function deployedHandler(translatorModule: unknown, secrets: SecretStore): HttpHandler {
    let instance: HttpHandler | undefined;
    return async (request) => {
        if (!instance) {
            try {
                const declarative = (translatorModule as Record<string, unknown>)[MAPPING_FROM_SETTINGS] === true;
                const settings = readFunctionConfig((reader) => parseAclSettings(reader, declarative));
                const translator = declarative ? declarativeTranslator(settings.mapping!) : asTranslator(translatorModule, "translatorModule");
                const credentials = settings.credentials ? cachedSecret(settings.credentials, secrets) : undefined;
                instance = createAntiCorruptionLayer(settings, translator, { credentials });
            } catch (err) {
                console.error(`anti-corruption-layer: cannot start: ${(err as Error).message}`);
                return problemResponse(new HttpError(500, "Internal Server Error", "the anti-corruption layer is misconfigured; see the function's log"));
            }
        }
        return instance(request);
    };
}
