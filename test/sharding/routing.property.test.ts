/** Property-based tests (fast-check) of the routing library, cloud-patterns/sharding. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
    geoChooser,
    geoProblems,
    jump,
    jumpShard,
    keyHash64,
    mapProblems,
    md5Modulo,
    rangeChooser,
    rangeProblems,
    rendezvousChooser,
    shardChooser,
    UnroutableKeyError,
    type RangeShard,
} from "../../handlers/sharding/routing";

const key = fc.string({ unit: "grapheme", minLength: 0, maxLength: 40 });
const count = fc.integer({ min: 1, max: 2000 });
const names = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}` }));

/** Fullest shard over the mean, for `keys` keys `k0..` routed by `choose`. */
function fullestOverMean(keys: number, shards: number, choose: (key: string) => number): number {
    const counts = new Array<number>(shards).fill(0);
    for (let i = 0; i < keys; i++) counts[choose(`k${i}`)]!++;
    return Math.max(...counts) / (keys / shards);
}

describe("sharding routing: jump consistent hash", () => {
    it("gives the paper's C++ implementation's answers (computed with it, gcc -O2)", () => {
        const vectors: [bigint, number, number][] = [
            [0n, 1000, 0],
            [1n, 10, 6],
            [1n, 100000, 94075],
            [42n, 57, 43],
            [42n, 100000, 5747],
            [0xdead10ccn, 666, 361],
            [0xffffffffffffffffn, 666, 313],
            [1234567890123456789n, 1024, 888],
        ];
        for (const [hash, buckets, want] of vectors) assert.equal(jump(hash, buckets), want, `jump(${hash}, ${buckets})`);
    });

    it("is deterministic and in range", () => {
        fc.assert(
            fc.property(key, count, (k, n) => {
                const s = jumpShard(k, n);
                assert.ok(Number.isInteger(s) && s >= 0 && s < n);
                assert.equal(jumpShard(k, n), s);
            }),
        );
    });

    it("moves a key on N -> N+1 only onto the new shard", () => {
        fc.assert(
            fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), count, (hash, n) => {
                const before = jump(hash, n);
                const after = jump(hash, n + 1);
                assert.ok(after === before || after === n, `moved from ${before} to ${after}, not to the new shard ${n}`);
            }),
            { numRuns: 5000 },
        );
    });

    it("moves a key on N -> N+1 only onto the new shard through the router's own chooser (the key's hash, then jump)", () => {
        fc.assert(
            fc.property(key, fc.integer({ min: 1, max: 200 }), (k, n) => {
                const before = shardChooser({ strategy: "hash", shards: names(n) })(k, undefined);
                const after = shardChooser({ strategy: "hash", shards: names(n + 1) })(k, undefined);
                assert.equal(before, jumpShard(k, n));
                assert.ok(
                    after === before || after === n,
                    `key ${JSON.stringify(k)} moved from ${before} to ${after}, not to the new shard ${n}`,
                );
            }),
            { numRuns: 5000 },
        );
    });

    it("refuses a shard count that is not a whole number >= 1", () => {
        for (const n of [0, -1, 1.5, NaN]) assert.throws(() => jump(1n, n), /shard count must be a whole number >= 1/);
    });

    it("balances 1M keys over 10 shards within 2 % of the mean (a shard's count has a standard deviation of 0.3 %)", () => {
        const ratio = fullestOverMean(1_000_000, 10, (k) => jump(keyHash64(k), 10));
        assert.ok(ratio < 1.02, `fullest/mean ${ratio}`);
    });
});

describe("sharding routing: rendezvous (weighted HRW)", () => {
    it("is deterministic, in range, and does not depend on the order of the shards", () => {
        fc.assert(
            fc.property(key, fc.integer({ min: 1, max: 50 }), (k, n) => {
                const shards = names(n);
                const i = rendezvousChooser(shards)(k);
                assert.ok(i >= 0 && i < n);
                assert.equal(rendezvousChooser(shards)(k), i);
                assert.equal(rendezvousChooser([...shards].reverse())(k), n - 1 - i);
            }),
        );
    });

    it("moves keys only onto an added shard, and only a removed shard's keys", () => {
        fc.assert(
            fc.property(key, fc.integer({ min: 1, max: 50 }), fc.nat(), (k, n, pick) => {
                const shards = names(n + 1);
                const before = shards[rendezvousChooser(shards.slice(0, n))(k)]!.name;
                const after = shards[rendezvousChooser(shards)(k)]!.name;
                assert.ok(after === before || after === `s${n}`);
                const removed = shards[pick % shards.length]!.name;
                const rest = shards.filter((s) => s.name !== removed);
                const onRest = rest[rendezvousChooser(rest)(k)]!.name;
                if (after !== removed) assert.equal(onRest, after);
            }),
            { numRuns: 2000 },
        );
    });

    it("balances 1M keys over 10 equal shards within 2 % of the mean", () => {
        assert.ok(fullestOverMean(1_000_000, 10, rendezvousChooser(names(10))) < 1.02);
    });

    it("gives a shard of weight 3 three times the keys of a shard of weight 1, within 3 % (200k keys)", () => {
        const choose = rendezvousChooser([{ name: "small" }, { name: "big", weight: 3 }, { name: "other" }]);
        const counts = [0, 0, 0];
        for (let i = 0; i < 200_000; i++) counts[choose(`k${i}`)]!++;
        const ratio = counts[1]! / ((counts[0]! + counts[2]!) / 2);
        assert.ok(Math.abs(ratio - 3) < 0.09, `weight 3 / weight 1 = ${ratio}`);
    });

    it("refuses a weight that is not > 0", () => {
        assert.throws(() => rendezvousChooser([{ name: "a", weight: 0 }]), /shard 'a' weight must be a finite number > 0, got 0/);
    });
});

/** Ranges from sorted distinct cut points: the first without `from`, the last without `to`. */
function rangesFrom<T extends string | number>(cuts: readonly T[]): RangeShard[] {
    return Array.from({ length: cuts.length + 1 }, (_, i) => ({
        name: `r${i}`,
        ...(i > 0 && { from: cuts[i - 1] }),
        ...(i < cuts.length && { to: cuts[i] }),
    }));
}

const stringCuts = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 12 }).map((a) => [...a].sort());
const numberCuts = fc.uniqueArray(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 12 }).map((a) => [...a].sort((x, y) => x - y));

describe("sharding routing: ranges", () => {
    it("cover the key space without gap or overlap: every key is in the one range chosen, and in no other", () => {
        fc.assert(
            fc.property(stringCuts, key, (cuts, k) => {
                const shards = rangesFrom(cuts);
                assert.deepEqual(rangeProblems(shards), []);
                const i = rangeChooser(shards)(k);
                const inRange = (s: RangeShard) => (s.from === undefined || s.from <= k) && (s.to === undefined || k < s.to);
                assert.ok(inRange(shards[i]!));
                assert.equal(shards.filter(inRange).length, 1);
            }),
        );
    });

    it("route numeric keys by value, not by their text", () => {
        fc.assert(
            fc.property(numberCuts, fc.integer({ min: -2e6, max: 2e6 }), (cuts, k) => {
                const shards = rangesFrom(cuts);
                const s = shards[rangeChooser(shards)(String(k))]!;
                assert.ok((s.from === undefined || (s.from as number) <= k) && (s.to === undefined || k < (s.to as number)));
            }),
        );
        const shards = rangesFrom([1_000_000, 2_000_000]);
        assert.equal(rangeChooser(shards)("999999"), 0);
        assert.equal(rangeChooser(shards)("1000000"), 1);
        assert.throws(() => rangeChooser(shards)("abc"), UnroutableKeyError);
    });

    it("name every gap and overlap", () => {
        fc.assert(
            fc.property(
                numberCuts.filter((c) => c.length >= 2),
                fc.nat(),
                fc.boolean(),
                (cuts, pick, gap) => {
                    const shards = rangesFrom(cuts);
                    const i = 1 + (pick % (shards.length - 2));
                    const shifted = shards.map((s, j) => (j === i ? { ...s, from: (s.from as number) + (gap ? 0.5 : -0.5) } : s));
                    const problems = rangeProblems(shifted).join("; ");
                    assert.match(problems, gap ? /leave a gap/ : /leave an overlap/);
                },
            ),
        );
        assert.match(rangeProblems([{ name: "a", from: "m" }]).join(), /is first, so it must have no 'from'/);
        assert.match(rangeProblems([{ name: "a", to: "m" }]).join(), /is last, so it must have no 'to'/);
        assert.match(
            rangeProblems([
                { name: "a", to: 5 },
                { name: "b", from: "5" },
            ]).join(),
            /all strings or all numbers/,
        );
        assert.throws(
            () =>
                rangeChooser([
                    { name: "a", to: "m" },
                    { name: "b", from: "k" },
                ]),
            /'a' and 'b' leave an overlap/,
        );
    });
});

describe("sharding routing: geo", () => {
    const shards = [
        { name: "eu", region: "europe-west1" },
        { name: "us-a", region: "us-central1" },
        { name: "us-b", region: "us-central1" },
    ];
    const rules = { places: { DE: "europe-west1", FR: "europe-west1", US: "us-central1" }, defaultRegion: "us-central1" };

    it("sends a place to its region's shard; a region's own name needs no entry; unlisted places go to the default region", () => {
        const choose = geoChooser(shards, rules);
        fc.assert(fc.property(key, fc.constantFrom("DE", "FR", "europe-west1"), (k, place) => assert.equal(choose(k, place), 0)));
        fc.assert(fc.property(key, fc.constantFrom("US", "BR", "us-central1"), (k, place) => assert.ok([1, 2].includes(choose(k, place)))));
    });

    it("spreads a region's keys over its shards by jump hash", () => {
        const choose = geoChooser(shards, rules);
        const us = Array.from({ length: 1000 }, (_, i) => choose(`k${i}`, "US"));
        assert.ok(us.filter((s) => s === 1).length > 400 && us.filter((s) => s === 2).length > 400);
    });

    it("refuses a place with no region, and a map whose shards or places lack one", () => {
        const strict = geoChooser(shards, { places: { DE: "europe-west1" } });
        assert.throws(() => strict("k", "JP"), /place "JP" maps to no region with a shard/);
        assert.throws(() => strict("k", undefined), UnroutableKeyError);
        assert.deepEqual(geoProblems([{ name: "x" }], { places: { DE: "mars-1" }, defaultRegion: "moon-1" }), [
            "shard 'x' needs a region with strategy geo",
            "place 'DE' maps to region 'mars-1', which no shard is in",
            "default region 'moon-1' has no shard",
        ]);
    });
});

describe("sharding routing: the catalogue's md5 % N and the chooser", () => {
    it("md5 % N gives Python's int(hashlib.md5(key).hexdigest(), 16) % N", () => {
        for (const [k, n, want] of [
            ["user-1", 7, 5],
            ["alice", 10, 0],
            ["", 3, 0],
            ["ключ", 100, 11],
        ] as const) {
            assert.equal(md5Modulo(k, n), want, `${k} % ${n}`);
        }
    });

    it("shardChooser routes by the map's strategy, and mapProblems reports what would not route", () => {
        fc.assert(
            fc.property(key, fc.integer({ min: 1, max: 30 }), (k, n) => {
                assert.equal(shardChooser({ strategy: "hash", shards: names(n) })(k), jumpShard(k, n));
                assert.equal(shardChooser({ strategy: "rendezvous", shards: names(n) })(k), rendezvousChooser(names(n))(k));
            }),
        );
        assert.deepEqual(mapProblems({ strategy: "hash", shards: [] }), ["a shard map needs at least one shard"]);
        assert.match(mapProblems({ strategy: "range", shards: [{ name: "a", to: "m" }] }).join(), /is last/);
        assert.match(mapProblems({ strategy: "geo", shards: [{ name: "a" }] }).join(), /needs a region/);
    });
});

describe("sharding routing: the public subpath", () => {
    it("is exported as cloud-patterns/sharding, from the file the build compiles", () => {
        const root = join(__dirname, "../..");
        const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, { default: string }> };
        const build = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8")) as { files: string[] };
        const source = "handlers/sharding/routing/index.ts";
        assert.ok(build.files.includes(source));
        assert.equal(manifest.exports["./sharding"]?.default, `./lib/${source.replace(/\.ts$/, ".js")}`);
    });
});
