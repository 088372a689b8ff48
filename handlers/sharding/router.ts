/**
 * The Sharding router's HTTP API, cloud-neutral:
 *   PUT    /items/{key}          JSON object -> 201 created | 200 replaced, on the key's shard
 *   GET    /items/{key}          the item, from its shard (while resharding: its new shard, else its old one)
 *   DELETE /items/{key}          204 | 404
 *   GET    /shards/{key}         which shard holds the key, in which map version
 *   GET    /items?filter=f:v&limit=n   scatter-gather over every shard within the time budget
 *   POST   /moves                while resharding: the mover, for a bounded time; body `{ "from": cursor }` goes on
 * With geo, GET and DELETE of one item name its place as `?<field>=`; a PUT's body holds it.
 */
import type { HttpHandler } from "../contracts";
import { readBodyText } from "../http/body";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { routeMissError } from "../http/route-miss";
import { isMatch, Router } from "../http/routes";
import { DocumentVersionConflictError, StoredDocument } from "../stores/shards/port";
import { deleteItem, KeyRoute, putItem, readItem, routeKey } from "./items";
import { moveKeys, type MoveCursor } from "./mover";
import { UnroutableKeyError } from "./routing/unroutable";
import { FieldFilter, scatterGather } from "./scatter";
import { ROUTER_ROUTES } from "./settings-document";
import type { Topology } from "./topology";

export interface ShardRouterOptions {
    /** The item field holding the key. */
    readonly keyField: string;
    /** The maps to route by, asked on every request (the mover's tests flip them while it runs). */
    readonly topology: () => Topology;
    readonly scatterBudgetMs: number;
    readonly maxBodyBytes: number;
    /** How long one `POST /moves` moves before it answers with a cursor. @default {@link MOVE_BUDGET_MS} */
    readonly moveBudgetMs?: number;
}

/**
 * One `POST /moves` run: it stops after the page that ends past this, and a page (200 keys copied,
 * then removed) takes a few seconds at most, so the answer comes within the router's 25 s timeout
 * (components/sharding/resolve.ts) and the front doors' (API Gateway's 30 s).
 */
export const MOVE_BUDGET_MS = 10_000;

/**
 * Keys the router takes: 1 to 255 characters, none of them a control character or `/ \ ? #`
 * (Cosmos DB refuses those in an id, and `/` would change the route). 255 characters are at most
 * 1,020 bytes of UTF-8, within every store's key limit, so an over-long key is a 400 here and never
 * a store's error: a DynamoDB sort key of 1,024 bytes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-partition-sort-keys),
 * a Cosmos DB id of 1,023 bytes (https://learn.microsoft.com/azure/cosmos-db/concepts-limits#per-item-limits),
 * the Spanner table's `Id STRING(1024)` (settings-document.ts; a Spanner key may be 8 KiB,
 * https://cloud.google.com/spanner/quotas#tables), PostgreSQL's `text`.
 */
export const KEY_PATTERN = /^[^\p{Cc}/\\?#]{1,255}$/u;
/** Filter fields: a top-level field name. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

type Route = (request: Request, url: URL, key: string | undefined) => Promise<Response>;

export function createShardRouter(options: ShardRouterOptions): HttpHandler {
    const { keyField, topology } = options;
    /** GET and DELETE name a geo item's place in the query. */
    const routeOf = (url: URL, key: string) => {
        const field = topology().current.placeField;
        return routeKey(topology(), key, field === undefined ? undefined : (url.searchParams.get(field) ?? undefined));
    };

    const put: Route = async (request, _url, key) => {
        const document = await itemBody(request, options.maxBodyBytes);
        const stated = document[keyField];
        if (stated !== undefined && stated !== key) {
            throw new HttpError(
                400,
                "Key mismatch",
                `the body's '${keyField}' is ${JSON.stringify(stated)}, but the path's key is ${JSON.stringify(key)}`,
                {
                    field: keyField,
                },
            );
        }
        const field = topology().current.placeField;
        const place = field === undefined ? undefined : document[field];
        if (field !== undefined && typeof place !== "string") {
            throw new HttpError(
                422,
                "Unroutable item",
                `the item must have a string '${field}' (its place) with geo sharding, got ${JSON.stringify(place)}`,
                {
                    field,
                },
            );
        }
        const route = routeKey(topology(), key!, place as string | undefined);
        const { item, created } = await putItem(route, key!, { ...document, [keyField]: key });
        return jsonResponse(created ? 201 : 200, itemView(route, item, route.shard.name), {
            location: `/items/${encodeURIComponent(key!)}`,
        });
    };

    const get: Route = async (_request, url, key) => {
        const route = routeOf(url, key!);
        const found = await readItem(route, key!);
        if (!found) throw notFound(key!);
        return jsonResponse(200, itemView(route, found.item, found.shard.name));
    };

    const remove: Route = async (_request, url, key) => {
        const route = routeOf(url, key!);
        if (!(await deleteItem(route, key!))) throw notFound(key!);
        return new Response(null, { status: 204 });
    };

    const shard: Route = async (_request, url, key) => {
        const route = routeOf(url, key!);
        return jsonResponse(200, {
            key,
            shard: route.shard.name,
            ...(route.shard.region !== undefined && { region: route.shard.region }),
            mapVersion: route.mapVersion,
            ...(route.movingFrom && { movingFrom: route.movingFrom.name }),
        });
    };

    const scatter: Route = async (_request, url) => {
        const result = await scatterGather(topology(), { filters: filtersOf(url), limit: limitOf(url), budgetMs: options.scatterBudgetMs });
        if (!result.shards.some((s) => s.answered)) {
            throw new HttpError(504, "No shard answered", `no shard answered within ${options.scatterBudgetMs} ms`, {
                shards: result.shards,
            });
        }
        return jsonResponse(200, {
            items: result.items.map((i) => ({ key: i.key, shard: i.shard, version: i.item.version, item: i.item.document })),
            shards: result.shards,
            partial: result.partial,
            mapVersion: result.mapVersion,
        });
    };

    const move: Route = async (request) => {
        const now = topology();
        if (!now.next) {
            throw new HttpError(
                409,
                "Not resharding",
                `the router serves map version ${now.current.version} alone: there is nothing to move (deploy with reshardFrom first)`,
            );
        }
        const from = await moveCursor(request, options.maxBodyBytes);
        if (from && !now.current.shards.some((s) => s.name === from.shard)) {
            throw new HttpError(
                400,
                "Invalid cursor",
                `from.shard must be a shard of map version ${now.current.version}, got ${JSON.stringify(from.shard)}`,
                {
                    field: "from.shard",
                },
            );
        }
        const run = await moveKeys(now, { ...(from && { from }), until: Date.now() + (options.moveBudgetMs ?? MOVE_BUDGET_MS) });
        return jsonResponse(200, {
            mapVersion: now.current.version,
            nextMapVersion: now.next.version,
            ...run,
            done: run.next === undefined,
        });
    };

    const router = new Router<Route>({
        [ROUTER_ROUTES.put]: put,
        [ROUTER_ROUTES.get]: get,
        [ROUTER_ROUTES.delete]: remove,
        [ROUTER_ROUTES.shard]: shard,
        [ROUTER_ROUTES.scatter]: scatter,
        [ROUTER_ROUTES.move]: move,
    });

    return async (request) => {
        const url = new URL(request.url);
        try {
            const match = router.match(request.method, url.pathname);
            if (!isMatch(match)) throw routeMissError(match, request.method, url.pathname, Object.values(ROUTER_ROUTES));
            return await match.value(request, url, match.params.key === undefined ? undefined : keyOf(match.params.key));
        } catch (err) {
            if (err instanceof HttpError) return problemResponse(err, request);
            if (err instanceof UnroutableKeyError) return problemResponse(new HttpError(422, "Unroutable item", err.message), request);
            if (err instanceof DocumentVersionConflictError) {
                return problemResponse(
                    new HttpError(409, "Write conflict", `item '${err.id}' kept changing under this write; send it again`),
                    request,
                );
            }
            console.error("sharding router: request failed", err);
            return problemResponse(
                new HttpError(500, "Internal error", "the request could not be handled (see the function log); it can be retried"),
                request,
            );
        }
    };
}

function itemView(route: KeyRoute, item: StoredDocument, shard: string) {
    return { key: item.id, shard, mapVersion: route.mapVersion, version: item.version, item: item.document };
}

function notFound(key: string): HttpError {
    return new HttpError(404, "Item not found", `no item has the key ${JSON.stringify(key)}`);
}

function keyOf(key: string): string {
    if (KEY_PATTERN.test(key)) return key;
    throw new HttpError(
        400,
        "Invalid key",
        `the key must be 1 to 255 characters, none of them a control character or / \\ ? #, got ${JSON.stringify(key)}`,
        {
            field: "key",
        },
    );
}

async function itemBody(request: Request, maxBodyBytes: number): Promise<Record<string, unknown>> {
    const text = await readBodyText(request, maxBodyBytes);
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        throw new HttpError(400, "Malformed JSON", "the body must be a JSON object: the item");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new HttpError(
            400,
            "Invalid item",
            `the body must be a JSON object, got ${Array.isArray(body) ? "an array" : JSON.stringify(body)}`,
        );
    }
    return body as Record<string, unknown>;
}

function filtersOf(url: URL): FieldFilter[] {
    return url.searchParams.getAll("filter").map((f) => {
        const at = f.indexOf(":");
        const field = f.slice(0, at);
        if (at < 0 || !FIELD_NAME.test(field)) {
            throw new HttpError(
                400,
                "Invalid filter",
                `filter must be <field>:<value> with a field matching ${FIELD_NAME.source}, got ${JSON.stringify(f)}`,
                {
                    field: "filter",
                },
            );
        }
        return { field, value: f.slice(at + 1) };
    });
}

function limitOf(url: URL): number {
    const raw = url.searchParams.get("limit");
    if (raw === null) return DEFAULT_LIMIT;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LIMIT) {
        throw new HttpError(400, "Invalid limit", `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(raw)}`, {
            field: "limit",
        });
    }
    return n;
}

/** The cursor a `POST /moves` goes on from: the body's `from` (the previous answer's `next`), or none to start. */
async function moveCursor(request: Request, maxBodyBytes: number): Promise<MoveCursor | undefined> {
    const text = await readBodyText(request, maxBodyBytes);
    if (text.trim() === "") return undefined;
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        throw new HttpError(400, "Malformed JSON", "the body must be empty or a JSON object { from: { shard, after? } }");
    }
    const from = (body as { from?: unknown } | null)?.from;
    if (from === undefined) return undefined;
    const { shard, after } = (from ?? {}) as { shard?: unknown; after?: unknown };
    if (typeof from !== "object" || from === null || typeof shard !== "string" || (after !== undefined && typeof after !== "string")) {
        throw new HttpError(
            400,
            "Invalid cursor",
            `from must be { shard: string, after?: string } (a previous answer's next), got ${JSON.stringify(from)}`,
            {
                field: "from",
            },
        );
    }
    return { shard, ...(after !== undefined && { after }) };
}
