/** The CQRS functions' settings (CLOUD_PATTERNS_CONFIG), read once at cold start with errors naming the field. */
import { ConfigError, ConfigReader } from "../config";
import {
    AiSearchIndexerDocument,
    ChangeSourceKind,
    CommandSettingsDocument,
    DeadLetterDocument,
    FIELD_CAPABILITIES,
    FIELD_TYPES,
    FieldDocument,
    FieldType,
    ProjectorSettingsDocument,
    QuerySettingsDocument,
    ReadModelDocument,
    ReadStoreDocument,
    WriteStoreDocument,
} from "./settings-document";

const SOURCES: readonly ChangeSourceKind[] = ["dynamodb-stream", "cosmos-change-feed", "spanner-change-stream", "event-sourcing"];

export function parseCommandSettings(settings: ConfigReader): CommandSettingsDocument {
    return {
        entity: settings.string("entity"),
        key: settings.string("key"),
        writeStore: parseWriteStore(settings.object("writeStore")),
        ...(settings.raw("indexer") === undefined ? {} : { indexer: parseIndexer(settings.object("indexer")) }),
    };
}

function parseIndexer(indexer: ConfigReader): AiSearchIndexerDocument {
    return {
        endpoint: indexer.string("endpoint"),
        index: indexer.string("index"),
        readModel: parseReadModel(indexer.object("readModel")),
        cosmosAccountId: indexer.string("cosmosAccountId"),
        intervalMinutes: indexer.number("intervalMinutes", 5, 1440),
    };
}

export function parseProjectorSettings(settings: ConfigReader): ProjectorSettingsDocument {
    return {
        readModel: parseReadModel(settings.object("readModel")),
        readStore: parseReadStore(settings.object("readStore")),
        source: oneOf(settings, "source", SOURCES),
        ...(settings.raw("deadLetters") === undefined ? {} : { deadLetters: parseDeadLetters(settings.object("deadLetters")) }),
    };
}

function parseDeadLetters(sink: ConfigReader): DeadLetterDocument {
    const kind = sink.string("kind");
    const policy = {
        ...(sink.raw("maxAttempts") === undefined ? {} : { maxAttempts: sink.number("maxAttempts", 1, 1000) }),
        ...(sink.raw("maxAgeSeconds") === undefined ? {} : { maxAgeSeconds: sink.number("maxAgeSeconds", 60, 7 * 86_400) }),
    };
    if (policy.maxAttempts === undefined && policy.maxAgeSeconds === undefined) {
        throw new ConfigError("'deadLetters' needs maxAttempts or maxAgeSeconds: when a failing change is given up on");
    }
    if (kind === "cosmos") {
        return {
            kind,
            ...policy,
            endpoint: sink.string("endpoint"),
            database: sink.string("database"),
            container: sink.string("container"),
        };
    }
    if (kind === "pubsub") return { kind, ...policy, topic: sink.string("topic") };
    throw new ConfigError(`'deadLetters.kind' must be cosmos or pubsub, got ${JSON.stringify(kind)}`);
}

export function parseQuerySettings(settings: ConfigReader): QuerySettingsDocument {
    return { readModel: parseReadModel(settings.object("readModel")), readStore: parseReadStore(settings.object("readStore")) };
}

function parseReadModel(model: ConfigReader): ReadModelDocument {
    const fields: Record<string, FieldDocument> = {};
    const raw = model.raw("fields");
    if (typeof raw !== "object" || raw === null) throw new ConfigError("'readModel.fields' must be an object of fields");
    const reader = model.object("fields");
    for (const name of Object.keys(raw)) {
        const field = reader.object(name);
        const flags = Object.fromEntries(FIELD_CAPABILITIES.map((c) => [c, field.boolean(c, false)])) as Record<
            (typeof FIELD_CAPABILITIES)[number],
            boolean
        >;
        fields[name] = { type: oneOf(field, "type", FIELD_TYPES) as FieldType, ...flags };
    }
    return { entity: model.string("entity"), key: model.string("key"), fields };
}

function parseWriteStore(store: ConfigReader): WriteStoreDocument {
    const kind = store.string("kind");
    switch (kind) {
        case "dynamodb":
            return { kind, table: store.string("table") };
        case "cosmos":
            return { kind, endpoint: store.string("endpoint"), database: store.string("database"), container: store.string("container") };
        case "spanner":
            return {
                kind,
                projectId: store.string("projectId"),
                instance: store.string("instance"),
                database: store.string("database"),
                table: store.string("table"),
            };
        default:
            throw new ConfigError(`'writeStore.kind' must be one of dynamodb, cosmos, spanner, got ${JSON.stringify(kind)}`);
    }
}

function parseReadStore(store: ConfigReader): ReadStoreDocument {
    const kind = store.string("kind");
    switch (kind) {
        case "opensearch":
            return {
                kind,
                endpoint: store.string("endpoint"),
                service: oneOf(store, "service", ["aoss", "es"] as const),
                region: store.string("region"),
                index: store.string("index"),
            };
        case "ai-search":
            return { kind, endpoint: store.string("endpoint"), index: store.string("index") };
        case "bigquery":
            return { kind, projectId: store.string("projectId"), dataset: store.string("dataset"), table: store.string("table") };
        default:
            throw new ConfigError(`'readStore.kind' must be one of opensearch, ai-search, bigquery, got ${JSON.stringify(kind)}`);
    }
}

function oneOf<T extends string>(reader: ConfigReader, name: string, allowed: readonly T[]): T {
    const value = reader.string(name);
    if (!allowed.includes(value as T))
        throw new ConfigError(`'${name}' must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
    return value as T;
}
