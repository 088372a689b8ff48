/**
 * The contract between the Sharding component and its router function: the CLOUD_PATTERNS_CONFIG
 * document as the component writes it (`satisfies RouterSettingsDocument`) and settings.ts reads
 * it, and the facts both sides need. Types and pure data only (see docs/platform.md), so
 * components may import it. Later changes are additive: new optional fields, new union members.
 *
 * The router is bundled once per store kind, one database SDK per bundle, with the cloud's
 * runtime adapter wrapped around it by the bundler (export `handler`, trigger `http`):
 *
 * | store                          | entry                                           | clouds          |
 * |--------------------------------|-------------------------------------------------|-----------------|
 * | `managed`, DynamoDB            | `handlers/sharding/entries/dynamodb-router.ts`  | AWS             |
 * | `managed`, Cosmos DB (NoSQL)   | `handlers/sharding/entries/cosmos-router.ts`    | Azure           |
 * | `managed`, Spanner             | `handlers/sharding/entries/spanner-router.ts`   | GCP             |
 * | `postgres`, N databases        | `handlers/sharding/entries/<cloud>-postgres-router.ts` (`aws`, `azure`, `gcp`) | AWS, Azure, GCP |
 *
 * The schema each store must have (the component creates tables/containers; PostgreSQL tables are
 * created by the router on first use, IF NOT EXISTS):
 * - DynamoDB: hash key `shard` (S), range key `id` (S); attributes `version` (N), `deleted` (BOOL),
 *   `body` (S, the document as JSON). One logical shard is one item collection, which DynamoDB
 *   splits for heat by sort key range (no local secondary index may be added, or it cannot).
 * - Cosmos DB: container partition key `{ kind: "MultiHash", version: 2, paths: ["/shard", "/id"] }`
 *   (the unique last level lifts the 20 GB logical partition cap); item `{id, shard, sortKey, version, deleted, body}`,
 *   `sortKey` the id's UTF-8 bytes in hex (listing orders by it: byte order under any string comparison).
 * - Spanner: {@link spannerShardDdl}'s table, primary key `(Shard, Id)`; Spanner splits it by key range.
 * - PostgreSQL: table `sharded_items (id text primary key, version bigint, deleted boolean, body jsonb)`
 *   in each shard's database.
 */
import type { StoreDocument } from "../event-sourcing/settings-document";

/** The router's HTTP API, as the front doors expose it and router.ts serves it. */
export const ROUTER_ROUTES = {
    put: "PUT /items/{key}",
    get: "GET /items/{key}",
    delete: "DELETE /items/{key}",
    shard: "GET /shards/{key}",
    scatter: "GET /items",
    move: "POST /moves",
} as const;

/**
 * How a key finds its shard.
 * - `hash`: jump consistent hash (Lamping & Veach 2014) over the key's 64-bit hash; adding a shard
 *   at the end moves 1/(N+1) of the keys, all onto the new shard.
 * - `rendezvous`: weighted highest-random-weight hashing; any shard may be added or removed.
 * - `range`: ordered half-open boundaries `[from, to)` over the key.
 * - `geo`: a field of the item names a place (a country, a region); {@link GeoDocument} maps it to
 *   a region, and the shard pinned to that region holds it.
 */
export const STRATEGIES = ["hash", "rendezvous", "range", "geo"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export const DEFAULT_STRATEGY: Strategy = "hash";

/**
 * Where the shards live.
 * - `managed`: one store whose service partitions by itself (DynamoDB, Cosmos DB, Spanner), every
 *   item keyed with its shard's name first; with `geo`, one such store per region.
 * - `postgres`: N PostgreSQL databases, one per shard (Aurora Serverless v2, Azure Database for
 *   PostgreSQL Flexible Server, Cloud SQL ENTERPRISE).
 */
export const STORE_KINDS = ["managed", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A shard name: the key prefix in a managed store and the name in the shard map; DNS-label-like so every cloud name can carry it. */
export const SHARD_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Bounds of a shard's `weight` (rendezvous). */
export const WEIGHT_RANGE: readonly [min: number, max: number] = [0.01, 1000];
/** Bounds of the number of shards. */
export const SHARD_COUNT_RANGE: readonly [min: number, max: number] = [1, 1024];

/** Where one shard's items are stored. */
export type ShardLocationDocument =
    | { readonly kind: "dynamodb"; readonly table: string; readonly region?: string }
    | { readonly kind: "cosmos"; readonly endpoint: string; readonly database: string; readonly container: string }
    | { readonly kind: "spanner"; readonly projectId: string; readonly instance: string; readonly database: string; readonly table: string }
    /** The same connection document as Event Sourcing's postgres store (auth, secret reference, CA). */
    | Extract<StoreDocument, { readonly kind: "postgres" }>;

/** A range boundary: all boundaries of one map are strings (compared by UTF-16 code unit) or all numbers. */
export type RangeBound = string | number;

export interface ShardDocument {
    /** Matches {@link SHARD_NAME}; unique in the map. */
    readonly name: string;
    /** The cloud region the shard's store is in; required with `geo`. */
    readonly region?: string;
    /** `range`: inclusive lower bound; absent on the first shard only (from the lowest key). */
    readonly from?: RangeBound;
    /** `range`: exclusive upper bound; absent on the last shard only (to the highest key). */
    readonly to?: RangeBound;
    /** `rendezvous`: relative share of keys. @default 1 */
    readonly weight?: number;
    readonly location: ShardLocationDocument;
}

/** `geo`: which item field names the place, and the region each place's items live in. */
export interface GeoDocument {
    /** A top-level field of the item (PUT body); a GET/DELETE gives it as `?<field>=`. */
    readonly field: string;
    /** Place (the field's value) -> region; a place that names a shard's region directly needs no entry. */
    readonly places?: Readonly<Record<string, string>>;
    /** The region for a place not listed; absent: such an item is refused (422). */
    readonly defaultRegion?: string;
}

/** One version of the shard map: strategy, shards in order (jump hash numbers them 0..N-1). */
export interface ShardMapDocument {
    /** Rises by one at every resharding; reported by `GET /shards/{key}`. */
    readonly version: number;
    /** @default "hash" */
    readonly strategy?: Strategy;
    readonly shards: readonly ShardDocument[];
    /** With `geo` only. */
    readonly geo?: GeoDocument;
}

/** The router function's document. */
export interface RouterSettingsDocument {
    /** The item field holding the partition key; the key is also the `{key}` of the routes. */
    readonly key: string;
    readonly store: StoreKind;
    readonly map: ShardMapDocument;
    /**
     * Present while resharding: the map being moved to (its version is `map.version + 1`). Writes go
     * to the key's shard in `next`; reads try it first and fall back to the key's shard in `map`
     * until the mover has copied the key; the next deployment makes `next` the `map`.
     */
    readonly next?: ShardMapDocument;
    /** Scatter-gather's time budget per request. @default {@link DEFAULT_SCATTER_BUDGET_MS} */
    readonly scatterBudgetMs?: number;
    /** Largest accepted PUT body. @default {@link DEFAULT_MAX_BODY_BYTES} */
    readonly maxBodyBytes?: number;
}

export const DEFAULT_SCATTER_BUDGET_MS = 2_000;
export const SCATTER_BUDGET_RANGE: readonly [min: number, max: number] = [50, 25_000];
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** DynamoDB's item cap (400 KB) bounds what every managed store can hold. */
export const MAX_BODY_BYTES_RANGE: readonly [min: number, max: number] = [1, 384 * 1024];

/** The Spanner table of a managed store: letters, digits, underscores (Spanner identifiers). */
export function spannerShardDdl(table: string): string {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,127}$/.test(table))
        throw new Error(`Spanner table must be a Spanner identifier, got ${JSON.stringify(table)}`);
    return `CREATE TABLE ${table} (Shard STRING(64) NOT NULL, Id STRING(1024) NOT NULL, Version INT64 NOT NULL, Deleted BOOL NOT NULL, Body STRING(MAX) NOT NULL) PRIMARY KEY (Shard, Id)`;
}
