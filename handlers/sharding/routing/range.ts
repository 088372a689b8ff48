/**
 * Range sharding: each shard holds the keys in `[from, to)`; the first shard has no `from` (from
 * the lowest key), the last no `to`, and each shard's `to` is the next one's `from`, so every key has
 * exactly one shard. Bounds are all strings (compared by UTF-16 code unit, as `<` does) or all
 * numbers (the key is then read as a number). Splitting one shard moves only that shard's upper part.
 */
import { UnroutableKeyError } from "./unroutable";

export type Bound = string | number;

export interface RangeShard {
    readonly name: string;
    readonly from?: Bound;
    readonly to?: Bound;
}

/** What is wrong with the ranges, in order; empty when they cover the key space without gap or overlap. */
export function rangeProblems(shards: readonly RangeShard[]): string[] {
    if (shards.length === 0) return ["ranges need at least one shard"];
    const problems: string[] = [];
    const bounds = shards.flatMap((s) => [s.from, s.to]).filter((b) => b !== undefined);
    const kinds = new Set(bounds.map((b) => typeof b));
    if (kinds.size > 1) problems.push("range bounds must be all strings or all numbers");
    if (bounds.some((b) => typeof b === "number" && !Number.isFinite(b))) problems.push("numeric range bounds must be finite");
    shards.forEach((s, i) => {
        if (i === 0 && s.from !== undefined)
            problems.push(`shard '${s.name}' is first, so it must have no 'from' (it starts at the lowest key)`);
        if (i > 0 && s.from === undefined) problems.push(`shard '${s.name}' must have a 'from'`);
        if (i === shards.length - 1 && s.to !== undefined)
            problems.push(`shard '${s.name}' is last, so it must have no 'to' (it ends at the highest key)`);
        if (i < shards.length - 1 && s.to === undefined) problems.push(`shard '${s.name}' must have a 'to'`);
        if (s.from !== undefined && s.to !== undefined && !(s.from < s.to))
            problems.push(`shard '${s.name}' must have from < to, got [${JSON.stringify(s.from)}, ${JSON.stringify(s.to)})`);
        const next = shards[i + 1];
        if (next && s.to !== undefined && next.from !== undefined && s.to !== next.from) {
            const what = s.to < next.from ? "a gap" : "an overlap";
            problems.push(
                `shards '${s.name}' and '${next.name}' leave ${what}: 'to' ${JSON.stringify(s.to)} must equal the next 'from' ${JSON.stringify(next.from)}`,
            );
        }
    });
    return problems;
}

/** A chooser over checked ranges (binary search on the upper bounds); throws the problems if any. */
export function rangeChooser(shards: readonly RangeShard[]): (key: string) => number {
    const problems = rangeProblems(shards);
    if (problems.length > 0) throw new RangeError(problems.join("; "));
    const numeric = shards.some((s) => typeof s.from === "number" || typeof s.to === "number");
    const uppers = shards.slice(0, -1).map((s) => s.to!);
    return (key) => {
        const value: Bound = numeric ? Number(key) : key;
        if (numeric && (key.trim() === "" || !Number.isFinite(value)))
            throw new UnroutableKeyError(`key must be a number for numeric ranges, got ${JSON.stringify(key)}`);
        let lo = 0;
        let hi = uppers.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (value < uppers[mid]!) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    };
}
