/**
 * Sharding args checked and completed once, for every cloud: the defaults live here and nowhere
 * else, and every error names the component, the field, the value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_SCATTER_BUDGET_MS,
    DEFAULT_STRATEGY,
    SCATTER_BUDGET_RANGE,
    SHARD_NAME,
    STORE_KINDS,
    STRATEGIES,
    WEIGHT_RANGE,
    type GeoDocument,
    type StoreKind,
    type Strategy,
} from "../../handlers/sharding/settings-document";
import { geoProblems } from "../../handlers/sharding/routing/geo-rules";
import { rangeProblems } from "../../handlers/sharding/routing/range";
import { Cloud } from "../cloud";
import type { ResolvedPatternArgs } from "../pattern-component";
import { ApimPublisher, withApimPublisher } from "../platform/apim-publisher";
import { AUTHENTICATED_GATEWAY_DEFAULT, FrontDoorAuth, resolveFrontDoorAuth } from "../platform/front-door-auth";
import { checkLogRetentionDays, DEFAULT_LOG_RETENTION_DAYS } from "../platform/function-settings";
import { checkPostgresNetwork, POSTGRES_ROLE_MAX_LENGTH } from "../platform/postgres-network";
import { patternTags } from "../platform/tags";
import type { BundleSpec } from "../platform/types";
import { ArgsValidator } from "../platform/validate";
import {
    RangeOrder,
    type ShardArgs,
    type ShardingArgs,
    ShardingAwsArgs,
    ShardingAzureArgs,
    type ShardingGcpArgs,
    type ShardingGeoArgs,
    type ShardingReshardFromArgs,
} from "./args";
import { routerBundle } from "./functions";
import { REGIONS } from "./regions";

export const PATTERN = "sharding";
export const DEFAULT_KEY = "id";
export const DEFAULT_MAP_VERSION = 1;
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_RETENTION_DAYS = 7;
export const DEFAULT_PROCESSING_UNITS = 100;
/** The router's own budget; the front doors wait a little longer. */
export const FUNCTION_TIMEOUT_SECONDS = 25;
/** Shards per component: each is a database (postgres) or a key prefix (managed) the router fans out to. */
export const SHARD_COUNT: readonly [min: number, max: number] = [1, 64];
/**
 * A shard's name is part of its physical names (`<name>-<shard>-db` as an Aurora cluster, a
 * Flexible Server, a Cloud SQL instance), so it is held shorter than the router's rule (31).
 */
export const SHARD_NAME_MAX_LENGTH = 20;
/** The item field of the key, and of geo's place: a plain identifier (it is read off a JSON body and a query string). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Spanner processing units: 100 to 900 in hundreds, then whole nodes of 1000 (cloud.google.com/spanner/docs/compute-capacity). */
const PROCESSING_UNITS = (units: number) =>
    Number.isInteger(units) && units >= 100 && (units < 1000 ? units % 100 === 0 : units % 1000 === 0);

/** The name of shard `i` of a `shardCount`. */
export function countedShardName(i: number): string {
    return `shard-${i}`;
}

/** One shard, checked: where it is (`region`: its own, else the component's home region). */
export interface ResolvedShard {
    readonly name: string;
    /** The region the shard's store is in. */
    readonly region: string;
    /** Whether the region was given for the shard (it then goes into the shard map), rather than inherited. */
    readonly pinned: boolean;
    readonly from?: string | number;
    readonly to?: string | number;
    readonly weight?: number;
}

/** The map being resharded from: the router's `map` while `shards` is its `next`. */
export interface ResolvedPreviousMap {
    readonly strategy: Strategy;
    readonly shards: readonly ResolvedShard[];
    readonly mapVersion: number;
}

export interface ResolvedShardingArgs extends ResolvedPatternArgs<
    ShardingAwsArgs & Required<Pick<ShardingAwsArgs, "throttlingRateLimit" | "throttlingBurstLimit">>,
    ShardingAzureArgs & ApimPublisher,
    ShardingGcpArgs & Required<Pick<ShardingGcpArgs, "processingUnits" | "enableApis">>
> {
    readonly key: string;
    readonly strategy: Strategy;
    readonly store: StoreKind;
    readonly shards: readonly ResolvedShard[];
    /** With `range`: how keys compare with the bounds (numeric bounds are numbers in `shards`). */
    readonly rangeOrder?: RangeOrder;
    readonly geo?: GeoDocument;
    readonly mapVersion: number;
    /**
     * While resharding (`reshardFrom`): the map the router serves now, whose keys the mover copies
     * onto `shards`; its shards are all among `shards` (one store per shard name serves both maps).
     */
    readonly previous?: ResolvedPreviousMap;
    /** Where the router runs, and the shards without a region of their own are: the provider's region. */
    readonly homeRegion: string;
    /** The regions the shards are in, home first when it has shards: one store (managed) or one provider each. */
    readonly regions: readonly string[];
    readonly auth: FrontDoorAuth;
    readonly retentionDays: number;
    readonly scatterBudgetMs: number;
    readonly memoryMb: number;
    readonly logRetentionDays: number;
    readonly router: BundleSpec;
}

export function resolveShardingArgs(name: string, cloud: Cloud, args: ShardingArgs | undefined): ResolvedShardingArgs {
    const check = ArgsValidator.forComponent("Sharding", name);
    const a: ShardingArgs = typeof args === "object" && args !== null ? args : check.fail("args", "an object with shards", args);
    const key = checkField(check, "key", a.key ?? DEFAULT_KEY);
    const strategy = check.oneOf("strategy", a.strategy ?? DEFAULT_STRATEGY, STRATEGIES);
    const store = check.oneOf("store", a.store ?? "managed", STORE_KINDS);
    const homeRegion = home(check, cloud, a);
    const shards = resolveShards(check, cloud, strategy, homeRegion, a);
    const geo = resolveGeo(check, strategy, shards, a.geo);
    const mapVersion = check.integer("mapVersion", a.mapVersion ?? DEFAULT_MAP_VERSION, [0, Number.MAX_SAFE_INTEGER]);
    const previous = a.reshardFrom === undefined ? undefined : resolvePrevious(check, cloud, homeRegion, a, strategy, shards, mapVersion);
    const regions = [...new Set([homeRegion, ...shards.map((s) => s.region)])].filter((r) => shards.some((s) => s.region === r));

    if (store === "postgres") {
        checkPostgresNetwork(check, cloud, a, "the databases get");
        // A VPC (AWS) and a VNet (Azure) are regional: a router in one reaches private databases in that region only.
        const away = shards.find((s) => s.region !== homeRegion);
        if (away && cloud !== Cloud.Gcp) {
            check.refuse(
                `strategy '${strategy}' with store 'postgres' on ${cloud} needs every shard in the router's region ${homeRegion} ` +
                    `(the databases are private, on the ${cloud === Cloud.Aws ? "VPC" : "VNet"} given, which is regional), ` +
                    `got shard '${away.name}' in ${away.region}; use store 'managed' for shards in several regions, or a component per region`,
            );
        }
        // On Azure the router signs in as the PostgreSQL role `<name>-router`: https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
        if (cloud === Cloud.Azure && `${name}-router`.length > POSTGRES_ROLE_MAX_LENGTH) {
            check.fail(
                "the component name",
                `at most ${POSTGRES_ROLE_MAX_LENGTH - "-router".length} characters with store 'postgres' on azure (the PostgreSQL role '<name>-router' is at most ${POSTGRES_ROLE_MAX_LENGTH})`,
                name,
            );
        }
    } else {
        for (const c of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
            if (a[c]?.postgres !== undefined) check.refuse(`${c}.postgres is for store 'postgres', got store '${store}'`);
        }
    }

    const processingUnits = a.gcp?.processingUnits ?? DEFAULT_PROCESSING_UNITS;
    if (!PROCESSING_UNITS(processingUnits))
        check.fail("gcp.processingUnits", "100 to 900 in steps of 100, or a multiple of 1000 (Spanner compute capacity)", processingUnits);

    return {
        userModules: [],
        key,
        strategy,
        store,
        shards,
        ...(strategy === "range" && { rangeOrder: a.rangeOrder ?? RangeOrder.Lexical }),
        ...(geo && { geo }),
        mapVersion,
        ...(previous && { previous }),
        homeRegion,
        regions,
        auth: resolveFrontDoorAuth(check, cloud, a.auth, AUTHENTICATED_GATEWAY_DEFAULT[cloud]),
        retentionDays: check.integer(
            "retentionDays",
            a.retentionDays ?? DEFAULT_RETENTION_DAYS,
            [1, 35],
            "DynamoDB PITR and Aurora backups keep at most 35 days",
        ),
        scatterBudgetMs: check.integer("scatterBudgetMs", a.scatterBudgetMs ?? DEFAULT_SCATTER_BUDGET_MS, SCATTER_BUDGET_RANGE),
        memoryMb: check.integer("memoryMb", a.memoryMb ?? DEFAULT_MEMORY_MB, [128, 4096]),
        logRetentionDays: checkLogRetentionDays(check, "logRetentionDays", a.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS, cloud),
        router: routerBundle(store === "postgres" ? "postgres" : MANAGED_STORE[cloud], cloud),
        tags: patternTags(PATTERN, a.tags),
        aws: {
            ...a.aws,
            throttlingRateLimit: a.aws?.throttlingRateLimit ?? 50,
            throttlingBurstLimit: a.aws?.throttlingBurstLimit ?? 100,
        },
        azure: { ...withApimPublisher(a.azure), location: homeRegion },
        gcp: { ...a.gcp, region: homeRegion, processingUnits, enableApis: check.boolean("gcp.enableApis", a.gcp?.enableApis ?? true) },
    };
}

/** The managed store of each cloud, as the router's entries are named. */
const MANAGED_STORE = { aws: "dynamodb", azure: "cosmos", gcp: "spanner" } as const;

function checkField(check: ArgsValidator, field: string, value: unknown): string {
    if (typeof value !== "string" || !FIELD_NAME.test(value)) check.fail(field, `an item field name (${FIELD_NAME})`, value);
    return value;
}

/** The provider's region, where the router runs. */
function home(check: ArgsValidator, cloud: Cloud, a: ShardingArgs): string {
    const given =
        cloud === Cloud.Aws
            ? (new pulumi.Config("aws").get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION)
            : cloud === Cloud.Azure
              ? (a.azure?.location ?? new pulumi.Config("azure-native").get("location"))
              : (a.gcp?.region ?? new pulumi.Config("gcp").get("region"));
    const field = { aws: "aws:region", azure: "azure.location", gcp: "gcp.region" }[cloud];
    const setting = {
        aws: "pulumi config set aws:region <region>",
        azure: "pulumi config set azure-native:location <location>",
        gcp: "pulumi config set gcp:region <region>",
    }[cloud];
    if (given === undefined) check.refuse(`no ${cloud} region to place the router in: pass ${field} or run '${setting}'`);
    return checkRegion(check, cloud, field, given);
}

function checkRegion(check: ArgsValidator, cloud: Cloud, field: string, region: unknown): string {
    const { regions, source } = REGIONS[cloud];
    if (typeof region !== "string" || !regions.includes(region)) check.fail(field, `a region ${cloud} has (${source})`, region);
    return region;
}

/** `a`'s shards (`shardCount` or `shards`); `at` prefixes the fields in errors (`reshardFrom.`). */
function resolveShards(
    check: ArgsValidator,
    cloud: Cloud,
    strategy: Strategy,
    homeRegion: string,
    a: Pick<ShardingArgs, "shardCount" | "shards" | "rangeOrder">,
    at = "",
): ResolvedShard[] {
    const [min, max] = SHARD_COUNT;
    const order = check.oneOf("rangeOrder", a.rangeOrder ?? RangeOrder.Lexical, Object.values(RangeOrder));
    if (a.rangeOrder !== undefined && strategy !== "range") check.refuse(`rangeOrder is for strategy 'range', got strategy '${strategy}'`);
    if (a.shardCount !== undefined && a.shards !== undefined) check.refuse(`give ${at}shardCount or ${at}shards, not both`);
    if (a.shardCount !== undefined) {
        const given = a.shardCount;
        if (!Number.isInteger(given) || given < min || given > max)
            check.fail(`${at}shardCount`, `an integer from ${min} to ${max}`, given);
        if (strategy === "range" || strategy === "geo")
            check.fail(
                `${at}shardCount`,
                `absent with strategy '${strategy}' (give shards, each with ${strategy === "range" ? "from/to" : "a region"})`,
                given,
            );
        return Array.from({ length: given }, (_, i) => ({ name: countedShardName(i), region: homeRegion, pinned: false }));
    }
    const given: unknown = a.shards;
    const rule = `a list of ${min} to ${max} shards { name, region?, from?, to?, weight? } (or ${at}shardCount)`;
    if (!Array.isArray(given) || given.length < min || given.length > max) check.fail(`${at}shards`, rule, given);
    const names = new Set<string>();
    const shards = (given as ShardArgs[]).map((shard, i): ResolvedShard => {
        const field = `${at}shards[${i}]`;
        if (typeof shard !== "object" || shard === null) check.fail(field, "an object { name, region?, from?, to?, weight? }", shard);
        const name = shard.name;
        if (typeof name !== "string" || !SHARD_NAME.test(name) || name.length > SHARD_NAME_MAX_LENGTH)
            check.fail(
                `${field}.name`,
                `lower case letters, digits and hyphens, starting with a letter, at most ${SHARD_NAME_MAX_LENGTH}`,
                name,
            );
        if (names.has(name)) check.fail(`${field}.name`, "unique among the shards", name);
        names.add(name);
        if (strategy !== "range" && (shard.from !== undefined || shard.to !== undefined))
            check.refuse(`${field}.from and .to are for strategy 'range', got strategy '${strategy}'`);
        const from = shard.from === undefined ? undefined : rangeBound(check, order, `${field}.from`, shard.from);
        const to = shard.to === undefined ? undefined : rangeBound(check, order, `${field}.to`, shard.to);
        if (shard.weight !== undefined) {
            if (strategy !== "rendezvous") check.refuse(`${field}.weight is for strategy 'rendezvous', got strategy '${strategy}'`);
            check.number(`${field}.weight`, shard.weight, WEIGHT_RANGE);
        }
        if (strategy === "geo" && shard.region === undefined)
            check.fail(`${field}.region`, "a region with strategy 'geo' (the shard is pinned to it for data residency)", shard.region);
        const region = shard.region === undefined ? homeRegion : checkRegion(check, cloud, `${field}.region`, shard.region);
        return {
            name,
            region,
            pinned: shard.region !== undefined,
            ...(from !== undefined && { from }),
            ...(to !== undefined && { to }),
            ...(shard.weight !== undefined && { weight: shard.weight }),
        };
    });
    if (strategy === "range") {
        const problems = rangeProblems(shards);
        if (problems.length > 0)
            check.refuse(
                `${at}shards must be ranges [from, to) in order, covering every key once (no gap, no overlap): ${problems.join("; ")}`,
            );
    }
    return shards;
}

/**
 * `reshardFrom`, checked against the map it moves to: one version below, a strategy that can move
 * (geo only to geo, its rules shared), every shard still in `shards` in the same region (the mover
 * reads it, and one store per shard name serves both maps), and a map that routes some key anew.
 */
function resolvePrevious(
    check: ArgsValidator,
    cloud: Cloud,
    homeRegion: string,
    a: ShardingArgs,
    strategy: Strategy,
    shards: readonly ResolvedShard[],
    mapVersion: number,
): ResolvedPreviousMap {
    const from: ShardingReshardFromArgs =
        typeof a.reshardFrom === "object" && a.reshardFrom !== null
            ? a.reshardFrom
            : check.fail("reshardFrom", "an object { mapVersion, shardCount | shards, strategy? }", a.reshardFrom);
    const previousVersion = check.integer("reshardFrom.mapVersion", from.mapVersion, [0, Number.MAX_SAFE_INTEGER - 1]);
    if (mapVersion !== previousVersion + 1)
        check.fail(
            "mapVersion",
            `reshardFrom.mapVersion + 1 (${previousVersion + 1}) while resharding: the router's next map is one version above the map it serves`,
            mapVersion,
        );
    const previousStrategy = check.oneOf("reshardFrom.strategy", from.strategy ?? strategy, STRATEGIES);
    if ((previousStrategy === "geo") !== (strategy === "geo"))
        check.refuse(
            `reshardFrom.strategy '${previousStrategy}' cannot move to strategy '${strategy}': geo places items by a field, not by their key; reshard geo to geo`,
        );
    const previous = resolveShards(check, cloud, previousStrategy, homeRegion, { ...from, rangeOrder: a.rangeOrder }, "reshardFrom.");
    for (const shard of previous) {
        const kept = shards.find((s) => s.name === shard.name);
        if (!kept)
            check.refuse(
                `reshardFrom's shard '${shard.name}' must stay in shards while resharding (the mover copies its keys off it); ` +
                    `remove it in the deployment after the move, got shards ${shards.map((s) => s.name).join(", ")}`,
            );
        if (kept.region !== shard.region)
            check.fail(
                `the region of shard '${shard.name}'`,
                `its region in reshardFrom (${shard.region}): a shard's store does not move`,
                kept.region,
            );
    }
    const unchanged =
        previousStrategy === strategy &&
        previous.length === shards.length &&
        previous.every((shard, i) => JSON.stringify(shard) === JSON.stringify(shards[i]));
    if (unchanged)
        check.refuse(
            "the next map (shards) must route some key to another shard than reshardFrom does, got the same strategy and shards: " +
                "change shardCount or shards, or drop reshardFrom",
        );
    return { strategy: previousStrategy, shards: previous, mapVersion: previousVersion };
}

/** A bound as the router compares it: the string itself, or with `numeric` the finite number it writes. */
function rangeBound(check: ArgsValidator, order: RangeOrder, field: string, bound: unknown): string | number {
    if (typeof bound !== "string") check.fail(field, "a string", bound);
    if (order === RangeOrder.Lexical) return bound;
    const value = Number(bound);
    if (bound.trim() === "" || !Number.isFinite(value)) check.fail(field, "a finite decimal number with rangeOrder 'numeric'", bound);
    return value;
}

function resolveGeo(
    check: ArgsValidator,
    strategy: Strategy,
    shards: readonly ResolvedShard[],
    geo: ShardingGeoArgs | undefined,
): GeoDocument | undefined {
    if (strategy !== "geo") {
        if (geo !== undefined) check.refuse(`geo is for strategy 'geo', got strategy '${strategy}'`);
        return undefined;
    }
    if (typeof geo !== "object" || geo === null) check.fail("geo", "an object { field, places?, defaultRegion? } with strategy 'geo'", geo);
    const field = checkField(check, "geo.field", geo.field);
    if (geo.places !== undefined && (typeof geo.places !== "object" || geo.places === null || Array.isArray(geo.places)))
        check.fail("geo.places", "an object of place -> region", geo.places);
    const problems = geoProblems(shards, geo);
    if (problems.length > 0) check.refuse(`geo must map every place to a region some shard is in: ${problems.join("; ")}`);
    return {
        field,
        ...(geo.places !== undefined && { places: { ...geo.places } }),
        ...(geo.defaultRegion !== undefined && { defaultRegion: geo.defaultRegion }),
    };
}
