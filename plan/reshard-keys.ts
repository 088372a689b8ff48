/** The keys `cloud-patterns reshard` routes through both maps: a seeded synthetic sample, or a file of real ones. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { RoutingMap } from "../handlers/sharding/routing";

export interface KeySample {
    readonly keys: readonly string[];
    /** How the sample was made, for the plan's heading. */
    readonly description: string;
}

export const DEFAULT_KEY_COUNT = 100_000;
export const DEFAULT_SEED = 1;
/** A sample this large is minutes of hashing; more says nothing a 10M sample does not. */
export const KEY_COUNT_RANGE: readonly [min: number, max: number] = [1, 10_000_000];

/** One key a line; blank lines and surrounding spaces are left out. */
export function keysFromFile(path: string): KeySample {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (err) {
        throw new Error(`${path}: cannot read the keys file: ${(err as Error).message}`, { cause: err });
    }
    const keys = text
        .split(/\r?\n/)
        .map((k) => k.trim())
        .filter((k) => k !== "");
    if (keys.length === 0) throw new Error(`${path}: the keys file has no keys (one a line)`);
    return { keys, description: `${keys.length.toLocaleString("en")} keys from ${path}` };
}

/**
 * `count` keys, the same for the same seed: the SHA-256 of `<seed>:<i>`, as 16 hex digits (spread
 * over any hash), or with numeric ranges as an integer spread evenly over the bounds of both maps
 * and one mean shard width beyond them either side (so the first and last shards get keys too).
 */
export function syntheticKeys(count: number, seed: number, numericBounds?: readonly RoutingMap[]): KeySample {
    const [min, max] = KEY_COUNT_RANGE;
    if (!Number.isInteger(count) || count < min || count > max)
        throw new Error(`reshard: --keys must be an integer from ${min} to ${max.toLocaleString("en")}, got ${count}`);
    if (!Number.isSafeInteger(seed)) throw new Error(`reshard: --seed must be an integer, got ${seed}`);
    const digest = (i: number) => createHash("sha256").update(`${seed}:${i}`).digest();
    const description = `${count.toLocaleString("en")} synthetic keys (seed ${seed})`;
    if (!numericBounds) return { keys: Array.from({ length: count }, (_, i) => digest(i).toString("hex", 0, 8)), description };
    const bounds = numericBounds.flatMap((m) => m.shards.flatMap((s) => [s.from, s.to])).filter((b): b is number => typeof b === "number");
    const shards = Math.max(...numericBounds.map((m) => m.shards.length));
    const low = Math.min(...bounds);
    const span = Math.max(...bounds) - low;
    const width = span / Math.max(1, shards - 2) || 1;
    const from = low - width;
    const range = span + 2 * width;
    // 48 bits of the digest, a fraction of the range.
    const keys = Array.from({ length: count }, (_, i) => String(Math.floor(from + (digest(i).readUIntBE(0, 6) / 2 ** 48) * range)));
    return { keys, description: `${description}, integers from ${Math.floor(from)} to ${Math.floor(from + range)}` };
}
