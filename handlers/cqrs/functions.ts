/**
 * What every CQRS entry shares (entries/<cloud>-<role>.ts): settings from CLOUD_PATTERNS_CONFIG
 * parsed once at cold start (handlers/cold-start.ts), the user's modules the component bundled,
 * and the store the entry opens. Each cloud has its own entries, so a bundle carries one cloud's clients.
 */
import * as commandModule from "cloud-patterns:cqrs-command";
import * as projectionModule from "cloud-patterns:cqrs-projection";
import { atColdStart } from "../cold-start";
import { ConfigError, readFunctionConfig } from "../config";
import type { HttpHandler, MessageBatchHandler } from "../contracts";
import type { DocumentStore } from "../stores/documents/port";
import type { ReadModelStore } from "../stores/read-model/port";
import { CHANGE_DECODERS } from "./changes";
import { createCommandHandler } from "./command";
import { asCommandModule } from "./command-module";
import { DeadLetterSink, withDeadLetters } from "./dead-letters";
import { asProjectionModule } from "./projection-module";
import { createProjector } from "./projector";
import { createQueryHandler } from "./query";
import { parseCommandSettings, parseProjectorSettings, parseQuerySettings } from "./settings";
import type {
    CommandSettingsDocument,
    DeadLetterDocument,
    ReadModelDocument,
    ReadStoreDocument,
    WriteStoreDocument,
} from "./settings-document";

type Of<U, K> = Extract<U, { readonly kind: K }>;

function expectKind(field: string, actual: string, bundled: string): void {
    if (actual !== bundled)
        throw new ConfigError(`'${field}.kind' is ${JSON.stringify(actual)}, but this function was bundled for ${bundled}`);
}

export function commandFunction<K extends WriteStoreDocument["kind"]>(
    kind: K,
    open: (store: Of<WriteStoreDocument, K>, settings: CommandSettingsDocument) => DocumentStore,
): HttpHandler {
    const handler = atColdStart(() => {
        const settings = readFunctionConfig(parseCommandSettings);
        expectKind("writeStore", settings.writeStore.kind, kind);
        return createCommandHandler({
            entity: settings.entity,
            key: settings.key,
            store: open(settings.writeStore as Of<WriteStoreDocument, K>, settings),
            module: asCommandModule(commandModule, "cloud-patterns:cqrs-command"),
        });
    });
    return async (request) => handler()(request);
}

export type OpenReadModel<K extends ReadStoreDocument["kind"]> = (
    store: Of<ReadStoreDocument, K>,
    readModel: ReadModelDocument,
) => ReadModelStore;

export function projectorFunction<K extends ReadStoreDocument["kind"]>(
    kind: K,
    open: OpenReadModel<K>,
    openDeadLetters?: (sink: DeadLetterDocument) => DeadLetterSink,
): MessageBatchHandler {
    const handler = atColdStart(() => {
        const settings = readFunctionConfig(parseProjectorSettings);
        expectKind("readStore", settings.readStore.kind, kind);
        const projector = createProjector({
            readModel: settings.readModel,
            store: open(settings.readStore as Of<ReadStoreDocument, K>, settings.readModel),
            decode: CHANGE_DECODERS[settings.source],
            projection: asProjectionModule(projectionModule, "cloud-patterns:cqrs-projection"),
        });
        const sink = settings.deadLetters && openDeadLetters?.(settings.deadLetters);
        if (settings.deadLetters && !sink)
            throw new ConfigError(`'deadLetters.kind' ${settings.deadLetters.kind} has no sink in this bundle`);
        return withDeadLetters(projector, settings.deadLetters ?? {}, sink);
    });
    return async (messages) => handler()(messages);
}

export function queryFunction<K extends ReadStoreDocument["kind"]>(kind: K, open: OpenReadModel<K>): HttpHandler {
    const handler = atColdStart(() => {
        const settings = readFunctionConfig(parseQuerySettings);
        expectKind("readStore", settings.readStore.kind, kind);
        return createQueryHandler({
            readModel: settings.readModel,
            store: open(settings.readStore as Of<ReadStoreDocument, K>, settings.readModel),
        });
    });
    return async (request) => handler()(request);
}
