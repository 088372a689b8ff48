/**
 * Builds the handler a deployed function runs, once per cold start: settings from
 * CLOUD_PATTERNS_CONFIG, credentials by reference from the cloud's secret store.
 */
import { readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { HttpError, problemResponse } from "../http/problem";
import { cachedSecret } from "../secrets";
import { createAntiCorruptionLayer } from "./acl";
import { parseAclSettings, type AclSettings } from "./settings";
import type { Translator } from "./translator";

/**
 * A handler that builds itself on the first request. A bad configuration answers 500 on
 * every request and logs the field that is wrong, instead of crashing the runtime's import.
 */
export function deployedHandler(withMapping: boolean, translatorFor: (settings: AclSettings) => Translator): HttpHandler {
    let instance: HttpHandler | undefined;
    return async (request) => {
        if (!instance) {
            try {
                const settings = readFunctionConfig((reader) => parseAclSettings(reader, withMapping));
                const credentials = settings.credentials ? cachedSecret(settings.credentials) : undefined;
                instance = createAntiCorruptionLayer(settings, translatorFor(settings), { credentials });
            } catch (err) {
                console.error(`anti-corruption-layer: cannot start: ${(err as Error).message}`);
                return problemResponse(new HttpError(500, "Internal Server Error", "the anti-corruption layer is misconfigured; see the function's log"));
            }
        }
        return instance(request);
    };
}
