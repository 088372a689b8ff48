/**
 * Online resharding's mover. While routers serve both maps (writes to a key's new shard, reads
 * falling back to its old one, items.ts), the mover walks every shard of the current map in key
 * order and, for each item whose shard in the next map is another one, copies it there unless that
 * shard already has the key (a newer write or a delete's tombstone), then removes it from the old
 * shard. Keys that stay are not touched: how many move is the strategy's (jump: 1/(N+1)). Once it
 * is done the next map becomes the current one, and {@link purgeTombstones} drops the tombstones
 * that only mattered while two shards could hold a key.
 */
import type { StoredDocument } from "../stores/shards/port";
import { PlacedShard, Placement, shardOf, Topology } from "./topology";

export interface MoveReport {
    /** Items and tombstones read on the current map's shards. */
    readonly scanned: number;
    /** Items copied onto their new shard. */
    readonly copied: number;
    /** Items whose new shard had the key already (written or deleted there since). */
    readonly superseded: number;
    /** Tombstones of keys that move, dropped from their old shard. */
    readonly tombstones: number;
    /** Moves per (from shard -> to shard). */
    readonly moves: Readonly<Record<string, number>>;
}

const PAGE = 200;

/** Where a move left off: the current map's shard it was reading, and the last id it dealt with there. */
export interface MoveCursor {
    readonly shard: string;
    readonly after?: string;
}

export interface MoveOptions {
    /** Go on from here (a previous run's `next`). @default the current map's first shard, from its first key */
    readonly from?: MoveCursor;
    /** Stop after the page that ends past this time (`Date.now()` ms), leaving a cursor. @default none: move everything */
    readonly until?: number;
}

export interface MoveRun extends MoveReport {
    /** Where to go on from, when stopped at `until` before the end; absent once every shard has been read. */
    readonly next?: MoveCursor;
}

function ownerIn(placement: Placement, item: StoredDocument): PlacedShard | undefined {
    const field = placement.placeField;
    const place = field === undefined ? undefined : item.document[field];
    // A geo tombstone has no place: it stays where it is until purged.
    if (field !== undefined && typeof place !== "string") return undefined;
    return shardOf(placement, item.id, place as string | undefined);
}

/**
 * Moves the keys whose shard changes, from `options.from` on; with `options.until`, in runs a
 * function's time limit allows, each going on from the last one's `next` (a page is the unit: its
 * keys are each copied, then removed, so stopping between pages leaves nothing half moved).
 */
export async function moveKeys(topology: Topology, options: MoveOptions = {}): Promise<MoveRun> {
    const next = topology.next;
    if (!next) throw new Error("nothing to move: the topology has no next map");
    const shards = topology.current.shards;
    const start = options.from === undefined ? 0 : shards.findIndex((s) => s.name === options.from!.shard);
    if (start < 0) throw new RangeError(`move cursor: shard '${options.from!.shard}' is not in map version ${topology.current.version}`);
    let scanned = 0;
    let copied = 0;
    let superseded = 0;
    let tombstones = 0;
    const moves: Record<string, number> = {};
    const report = (cursor?: MoveCursor): MoveRun => ({ scanned, copied, superseded, tombstones, moves, ...(cursor && { next: cursor }) });
    for (let i = start; i < shards.length; i++) {
        const from = shards[i]!;
        let after = i === start ? options.from?.after : undefined;
        for (;;) {
            const page = await from.store.list(after, PAGE);
            for (const item of page) {
                scanned++;
                const to = ownerIn(next, item);
                if (!to || to.name === from.name) continue;
                if (item.deleted) {
                    if (await from.store.remove(item.id, item.version)) tombstones++;
                    continue;
                }
                if (await to.store.copy(item)) {
                    copied++;
                    const move = `${from.name} -> ${to.name}`;
                    moves[move] = (moves[move] ?? 0) + 1;
                } else {
                    superseded++;
                }
                // Only after the copy: a reader that misses the key here finds it on the new shard.
                await from.store.remove(item.id, item.version);
            }
            if (page.length < PAGE) break;
            after = page[page.length - 1]!.id;
            if (options.until !== undefined && Date.now() >= options.until) return report({ shard: from.name, after });
        }
        const following = shards[i + 1];
        if (following && options.until !== undefined && Date.now() >= options.until) return report({ shard: following.name });
    }
    return report();
}

/** After the flip: removes every tombstone from the shards of `placement`; returns how many. */
export async function purgeTombstones(placement: Placement): Promise<number> {
    let purged = 0;
    for (const shard of placement.shards) {
        let after: string | undefined;
        for (;;) {
            const page = await shard.store.list(after, PAGE);
            for (const item of page) if (item.deleted && (await shard.store.remove(item.id, item.version))) purged++;
            if (page.length < PAGE) break;
            after = page[page.length - 1]!.id;
        }
    }
    return purged;
}
