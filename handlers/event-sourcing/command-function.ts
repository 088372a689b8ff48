/**
 * What every command function entry shares: settings from CLOUD_PATTERNS_CONFIG (parsed once at
 * cold start, handlers/cold-start.ts), the decider module the component bundled, and the store the
 * entry opens. Each database has its own entry (entries/<store>-command.ts) so a bundle carries one
 * database SDK only.
 */
import * as deciderModule from "cloud-patterns:decider";
import { atColdStart } from "../cold-start";
import { ConfigError, readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import { createEventStore } from "../stores/event-store/event-store";
import { EventLog } from "../stores/event-store/log";
import { asDecider } from "./decider";
import { createEventSourcingHandler } from "./http";
import { parseEventSourcingSettings, StoreSettings } from "./settings";

export interface CommandFunctionParts<K extends StoreSettings["kind"]> {
    readonly storeKind: K;
    readonly openLog: (store: Extract<StoreSettings, { kind: K }>) => EventLog;
}

export function commandFunction<K extends StoreSettings["kind"]>(parts: CommandFunctionParts<K>): HttpHandler {
    const handler = atColdStart(() => {
        const settings = readFunctionConfig(parseEventSourcingSettings);
        if (settings.store.kind !== parts.storeKind) {
            throw new ConfigError(
                `'store.kind' is ${JSON.stringify(settings.store.kind)}, but this function was bundled for ${parts.storeKind}`,
            );
        }
        return createEventSourcingHandler({
            store: createEventStore(parts.openLog(settings.store as Extract<StoreSettings, { kind: K }>)),
            decider: asDecider(deciderModule, "cloud-patterns:decider"),
            snapshotEvery: settings.snapshotEvery,
        });
    });
    return async (request) => handler()(request);
}
