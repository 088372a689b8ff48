/**
 * The router function's settings (CLOUD_PATTERNS_CONFIG), read once at cold start with errors
 * naming the field. The document's type, the entry files per store and each store's schema are in
 * settings-document.ts (components import that module; this one is handler code).
 */
import { ConfigError, ConfigReader } from "../config";
import { parsePostgresStore, type StoreSettings } from "../event-sourcing/settings";
import {
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_SCATTER_BUDGET_MS,
    DEFAULT_STRATEGY,
    GeoDocument,
    MAX_BODY_BYTES_RANGE,
    RangeBound,
    SCATTER_BUDGET_RANGE,
    SHARD_COUNT_RANGE,
    SHARD_NAME,
    STORE_KINDS,
    STRATEGIES,
    Strategy,
    StoreKind,
    WEIGHT_RANGE,
    type ShardLocationDocument,
} from "./settings-document";

/** A shard's location as the router uses it: the document's, with PostgreSQL's defaults and auth resolved. */
export type ShardLocation = Exclude<ShardLocationDocument, { kind: "postgres" }> | Extract<StoreSettings, { kind: "postgres" }>;

export interface Shard {
    readonly name: string;
    readonly region?: string;
    readonly from?: RangeBound;
    readonly to?: RangeBound;
    readonly weight: number;
    readonly location: ShardLocation;
}

export interface ShardMap {
    readonly version: number;
    readonly strategy: Strategy;
    readonly shards: readonly Shard[];
    readonly geo?: GeoDocument;
}

export interface RouterSettings {
    readonly key: string;
    readonly store: StoreKind;
    readonly map: ShardMap;
    readonly next?: ShardMap;
    readonly scatterBudgetMs: number;
    readonly maxBodyBytes: number;
}

const MANAGED_LOCATIONS = ["dynamodb", "cosmos", "spanner"];

export function parseRouterSettings(settings: ConfigReader): RouterSettings {
    const store = oneOf(settings, "store", STORE_KINDS);
    const map = parseMap(settings.object("map"), store);
    const next = settings.raw("next") === undefined ? undefined : parseMap(settings.object("next"), store);
    if (next && next.version !== map.version + 1) {
        throw new ConfigError(`'next.version' must be map.version + 1 (${map.version + 1}), got ${next.version}`);
    }
    return {
        key: settings.string("key"),
        store,
        map,
        ...(next && { next }),
        scatterBudgetMs: settings.optionalNumber("scatterBudgetMs", DEFAULT_SCATTER_BUDGET_MS, ...SCATTER_BUDGET_RANGE),
        maxBodyBytes: settings.optionalNumber("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, ...MAX_BODY_BYTES_RANGE),
    };
}

function parseMap(map: ConfigReader, store: StoreKind): ShardMap {
    const strategy = map.raw("strategy") === undefined ? DEFAULT_STRATEGY : oneOf(map, "strategy", STRATEGIES);
    const shards = map.array("shards");
    if (shards.length < SHARD_COUNT_RANGE[0] || shards.length > SHARD_COUNT_RANGE[1]) {
        throw new ConfigError(`'map.shards' must hold ${SHARD_COUNT_RANGE[0]} to ${SHARD_COUNT_RANGE[1]} shards, got ${shards.length}`);
    }
    const parsed = shards.map((shard) => parseShard(shard, store));
    const names = new Set<string>();
    for (const { name } of parsed) {
        if (names.has(name)) throw new ConfigError(`shard names must be unique, got ${JSON.stringify(name)} twice`);
        names.add(name);
    }
    const geo = map.raw("geo") === undefined ? undefined : parseGeo(map.object("geo"));
    if (strategy === "geo" && !geo) throw new ConfigError("'map.geo' is required with strategy geo");
    return { version: map.number("version", 0, Number.MAX_SAFE_INTEGER), strategy, shards: parsed, ...(geo && { geo }) };
}

function parseShard(shard: ConfigReader, store: StoreKind): Shard {
    const name = shard.string("name");
    if (!SHARD_NAME.test(name)) throw new ConfigError(`shard name must match ${SHARD_NAME}, got ${JSON.stringify(name)}`);
    const region = shard.optionalString("region");
    const from = bound(shard, "from");
    const to = bound(shard, "to");
    return {
        name,
        ...(region !== undefined && { region }),
        ...(from !== undefined && { from }),
        ...(to !== undefined && { to }),
        weight: shard.optionalNumber("weight", 1, ...WEIGHT_RANGE),
        location: parseLocation(shard.object("location"), store),
    };
}

function bound(shard: ConfigReader, field: "from" | "to"): RangeBound | undefined {
    const v = shard.raw(field);
    if (v === undefined || typeof v === "string") return v;
    return shard.number(field);
}

function parseLocation(location: ConfigReader, store: StoreKind): ShardLocation {
    const kind = location.string("kind");
    const allowed = store === "postgres" ? ["postgres"] : MANAGED_LOCATIONS;
    if (!allowed.includes(kind)) {
        throw new ConfigError(`'location.kind' must be one of ${allowed.join(", ")} with store ${store}, got ${JSON.stringify(kind)}`);
    }
    switch (kind) {
        case "dynamodb": {
            const region = location.optionalString("region");
            return { kind, table: location.string("table"), ...(region !== undefined && { region }) };
        }
        case "cosmos":
            return {
                kind,
                endpoint: location.string("endpoint"),
                database: location.string("database"),
                container: location.string("container"),
            };
        case "spanner":
            return {
                kind,
                projectId: location.string("projectId"),
                instance: location.string("instance"),
                database: location.string("database"),
                table: location.string("table"),
            };
        default:
            return parsePostgresStore(location);
    }
}

function parseGeo(geo: ConfigReader): GeoDocument {
    const places = geo.raw("places");
    if (places !== undefined && (typeof places !== "object" || places === null || Array.isArray(places))) {
        throw new ConfigError(`'map.geo.places' must be an object of place -> region, got ${JSON.stringify(places)}`);
    }
    const placeReader = places === undefined ? undefined : geo.object("places");
    const entries = placeReader ? Object.keys(places as object).map((place) => [place, placeReader.string(place)] as const) : [];
    const defaultRegion = geo.optionalString("defaultRegion");
    return {
        field: geo.string("field"),
        ...(placeReader && { places: Object.fromEntries(entries) }),
        ...(defaultRegion !== undefined && { defaultRegion }),
    };
}

function oneOf<T extends string>(settings: ConfigReader, field: string, allowed: readonly T[]): T {
    const v = settings.string(field);
    if (!(allowed as readonly string[]).includes(v))
        throw new ConfigError(`'${field}' must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T;
}
