/**
 * Scatter-gather: the query no single shard can answer (the catalogue's "range queries across
 * shards are expensive"), bounded. Every shard is read in key order, in pages, at the same time,
 * until it has given `limit` matches, has no more, or the time budget is spent; what came back is
 * merged in key order, and the answer says which shards answered in full, in part, or not at all.
 * While resharding a key may be on two shards: the copy on its shard in the newest map wins, and a
 * copy on a shard that does not own the key (a leftover the mover has yet to remove) is not shown.
 */
import type { StoredDocument } from "../stores/shards/port";
import { PlacedShard, Placement, shardOf, Topology } from "./topology";

/** An equality on one top-level field of the item, compared as text. */
export interface FieldFilter {
    readonly field: string;
    readonly value: string;
}

export interface ScatterQuery {
    readonly filters: readonly FieldFilter[];
    readonly limit: number;
    readonly budgetMs: number;
}

/** How one shard did: `complete` when it gave all it had or `limit` matches before the budget ran out. */
export interface ShardAnswer {
    readonly shard: string;
    readonly answered: boolean;
    readonly complete: boolean;
    readonly matches: number;
    readonly error?: string;
}

export interface ScatterResult {
    readonly items: readonly { readonly key: string; readonly shard: string; readonly item: StoredDocument }[];
    readonly shards: readonly ShardAnswer[];
    /** Some shard did not answer in full: more items may match than are shown. */
    readonly partial: boolean;
    readonly mapVersion: number;
}

const PAGE = 200;

/** Code point order, which is the stores' byte order (UTF-8); `<` compares UTF-16 units instead. */
function byCodePoint(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function matches(item: StoredDocument, filters: readonly FieldFilter[]): boolean {
    return filters.every(({ field, value }) => {
        const v = item.document[field];
        return (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && String(v) === value;
    });
}

interface Gathered {
    items: StoredDocument[];
    matches: number;
    complete: boolean;
    error?: string;
    pages: number;
}

async function gather(shard: PlacedShard, query: ScatterQuery, deadline: number, into: Gathered): Promise<void> {
    let after: string | undefined;
    while (Date.now() < deadline) {
        const page = await shard.store.list(after, PAGE);
        into.pages++;
        for (const item of page) {
            if (!item.deleted && !matches(item, query.filters)) continue;
            into.items.push(item);
            if (!item.deleted && ++into.matches >= query.limit) {
                into.complete = true;
                return;
            }
        }
        if (page.length < PAGE) {
            into.complete = true;
            return;
        }
        after = page[page.length - 1]!.id;
    }
}

/** 2: the key's shard in the newest map; 1: its shard in the map being left; 0: neither (ignored). */
function rank(topology: Topology, shard: string, item: StoredDocument): number {
    const owner = (placement: Placement) => {
        const field = placement.placeField;
        const place = field === undefined ? undefined : item.document[field];
        // A tombstone keeps no place: with geo it can only have been written on the key's newest shard.
        if (field !== undefined && item.deleted) return shard;
        try {
            return shardOf(placement, item.id, typeof place === "string" ? place : undefined).name;
        } catch {
            return undefined;
        }
    };
    const newest = topology.next ?? topology.current;
    if (owner(newest) === shard) return 2;
    return topology.next && owner(topology.current) === shard ? 1 : 0;
}

export async function scatterGather(topology: Topology, query: ScatterQuery): Promise<ScatterResult> {
    const shards = [...new Map([...topology.current.shards, ...(topology.next?.shards ?? [])].map((s) => [s.name, s])).values()];
    const deadline = Date.now() + query.budgetMs;
    const gathered = shards.map((): Gathered => ({ items: [], matches: 0, complete: false, pages: 0 }));
    const work = shards.map((shard, i) =>
        gather(shard, query, deadline, gathered[i]!).catch((err: unknown) => {
            gathered[i]!.error = (err as Error).message;
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => (timer = setTimeout(resolve, query.budgetMs)));
    await Promise.race([Promise.all(work), budget]);
    clearTimeout(timer);

    const best = new Map<string, { rank: number; shard: string; item: StoredDocument }>();
    shards.forEach((shard, i) => {
        for (const item of gathered[i]!.items) {
            const r = rank(topology, shard.name, item);
            const held = best.get(item.id);
            if (r > 0 && (!held || r > held.rank)) best.set(item.id, { rank: r, shard: shard.name, item });
        }
    });
    const items = [...best.values()]
        .filter((b) => !b.item.deleted)
        .sort((a, b) => byCodePoint(a.item.id, b.item.id))
        .slice(0, query.limit)
        .map((b) => ({ key: b.item.id, shard: b.shard, item: b.item }));
    const answers = shards.map((shard, i): ShardAnswer => {
        const g = gathered[i]!;
        return {
            shard: shard.name,
            answered: g.error === undefined && (g.pages > 0 || g.complete),
            complete: g.error === undefined && g.complete,
            matches: g.matches,
            ...(g.error !== undefined && { error: g.error }),
        };
    });
    return { items, shards: answers, partial: answers.some((a) => !a.complete), mapVersion: (topology.next ?? topology.current).version };
}
