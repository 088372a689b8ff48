/**
 * `cloud-patterns reshard`: the offline plan, run through the CLI's own entry (plan/reshard.ts) on
 * map files and on a stack, its figures checked for a known change (3 -> 4 jump-hash shards over a
 * seeded sample: every move onto the new shard, ideal 1/(N+1)), and its errors.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jumpShard } from "../../handlers/sharding/routing";
import { runReshardCommand, type ReshardFlags } from "../../plan/reshard";
import { syntheticKeys } from "../../plan/reshard-keys";

const dir = mkdtempSync(join(tmpdir(), "reshard-"));
const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
};
const run = (flags: ReshardFlags) => {
    let text = "";
    const code = runReshardCommand(flags, undefined, (t) => (text += t));
    return { code, text };
};
const refused = (flags: ReshardFlags, message: string | RegExp) =>
    assert.throws(() => run(flags), typeof message === "string" ? { message } : message);

describe("cloud-patterns reshard", function () {
    this.timeout(60_000);
    const three = file("three.json", '{ "shardCount": 3 }');
    const four = file("four.yaml", "shardCount: 4\n");

    it("3 -> 4 hash shards on 10,000 keys of seed 7: the printed moves, fraction, ideal and ratio", () => {
        const { code, text } = run({ from: three, to: four, keys: "10000", seed: "7" });
        assert.equal(code, 0);
        const lines = text.split("\n");
        assert.equal(lines[0], `reshard plan, ${three} -> ${four}: hash, 3 shards (map version 1) -> hash, 4 shards (map version 2)`);
        assert.equal(lines[1], "keys: 10,000 synthetic keys (seed 7)");
        assert.deepEqual(lines.slice(3, 7), [
            "moves:",
            "  shard-0 -> shard-3          831    8.31 %",
            "  shard-2 -> shard-3          831    8.31 %",
            "  shard-1 -> shard-3          824    8.24 %",
        ]);
        assert.deepEqual(lines.slice(8, 11), [
            "moved: 2,486 of 10,000 keys, 24.86 % (95 % interval 24.02 % to 25.72 %)",
            "ideal: 25.00 %, 1/(N+1) for N = 3: the new shard's share, all that must move",
            "ratio: x0.994 of ideal (0.961 to 1.029)",
        ]);
        // The figures are the routing library's: the keys jump hash puts on shard 3 of 4, all of them moved.
        const { keys } = syntheticKeys(10_000, 7);
        assert.equal(keys.filter((k) => jumpShard(k, 4) === 3).length, 2486);
        assert.ok(keys.every((k) => jumpShard(k, 4) === 3 || jumpShard(k, 3) === jumpShard(k, 4)));
    });

    it("--json: the same plan as data; the same seed gives the same keys, another seed others", () => {
        const plan = JSON.parse(run({ from: three, to: four, keys: "10000", seed: "7", json: true }).text);
        assert.deepEqual([plan.moved, plan.keys, plan.idealFraction.toFixed(4), plan.idealFrom], [2486, 10_000, "0.2500", "designed"]);
        assert.deepEqual(
            plan.moves.map((m: { from: string; to: string }) => `${m.from}->${m.to}`),
            ["shard-0->shard-3", "shard-2->shard-3", "shard-1->shard-3"],
        );
        assert.deepEqual(syntheticKeys(5, 7).keys, syntheticKeys(5, 7).keys);
        assert.notDeepEqual(syntheticKeys(5, 7).keys, syntheticKeys(5, 8).keys);
    });

    it("a range split from a keys file: only the split shard's upper part moves, the ideal from the sample's sizes", () => {
        const from = file(
            "ranges.json",
            JSON.stringify({
                strategy: "range",
                shards: [
                    { name: "a-m", to: "n" },
                    { name: "n-z", from: "n" },
                ],
                mapVersion: 3,
            }),
        );
        const to = file(
            "split.json",
            JSON.stringify({
                strategy: "range",
                shards: [
                    { name: "a-m", to: "g" },
                    { name: "g-m", from: "g", to: "n" },
                    { name: "n-z", from: "n" },
                ],
            }),
        );
        const keys = file("keys.txt", ["alice", "bob", "gina", "harry", "nora", "zed", ""].join("\n"));
        const plan = JSON.parse(run({ from, to, "keys-file": keys, json: true }).text);
        assert.deepEqual([plan.before.version, plan.after.version], [3, 4]);
        assert.deepEqual(plan.moves, [{ from: "a-m", to: "g-m", keys: 2, fraction: 2 / 6 }]);
        assert.deepEqual([plan.idealFrom, plan.idealFraction, plan.ratio], ["sample", 2 / 6, 1]);
    });

    it("a stack: its Sharding's map (aws-dev: 4 hash shards) to --shard-count 5; a stack already resharding plans its own next map", () => {
        const plan = JSON.parse(run({ stack: ["aws-dev"], "stacks-dir": "stacks", "shard-count": "5", keys: "20000", json: true }).text);
        assert.deepEqual(
            [plan.before.routing.shards.length, plan.after.routing.shards.length, plan.idealFraction.toFixed(4)],
            [4, 5, "0.2000"],
        );
        assert.ok(plan.moves.every((m: { to: string }) => m.to === "shard-4"));
        const stacks = mkdtempSync(join(tmpdir(), "reshard-stacks-"));
        writeFileSync(
            join(stacks, "Pulumi.moving.yaml"),
            [
                "config:",
                "  cloud-patterns:cloud: gcp",
                "  cloud-patterns:sharding:",
                "    shardCount: 3",
                "    mapVersion: 5",
                "    reshardFrom:",
                "      mapVersion: 4",
                "      shardCount: 2",
                "",
            ].join("\n"),
        );
        const moving = JSON.parse(run({ stack: ["moving"], "stacks-dir": stacks, keys: "1000", json: true }).text);
        assert.deepEqual([moving.before.version, moving.after.version, moving.idealFraction.toFixed(4)], [4, 5, "0.3333"]);
        refused({ stack: ["moving"], "stacks-dir": stacks, "shard-count": "4" }, /the stack is resharding already \(reshardFrom\)/);
    });

    it("errors: a bad stack, a bad map, no change, a version not raised by one, bad flags", () => {
        refused(
            { stack: ["nope"], "stacks-dir": "stacks", "shard-count": "5" },
            /unknown stack 'nope'; stacks in .*: aws-dev, azure-dev, gcp-dev, kubernetes-dev/,
        );
        refused(
            { stack: ["aws-dev"], "stacks-dir": "stacks" },
            /give the map to move to \(--to FILE or --shard-count N\): the stack is not resharding/,
        );
        refused(
            { stack: ["aws-dev"], "stacks-dir": "stacks", "shard-count": "4" },
            "reshard (stack aws-dev): the map to move to routes every key as the current one (hash, shard-0, shard-1, shard-2, shard-3): nothing to move",
        );
        refused(
            { from: three, to: three },
            /the map to move to routes every key as the current one \(hash, shard-0, shard-1, shard-2\): nothing to move/,
        );
        refused({ from: three, "shard-count": "0" }, "Sharding 'reshard': shardCount must be an integer from 1 to 64, got 0");
        refused(
            { from: three, to: file("v.json", '{ "shardCount": 4, "mapVersion": 3 }') },
            /mapVersion must be reshardFrom.mapVersion \+ 1 \(2\)/,
        );
        refused(
            { from: file("bad.json", '{ "shards": [{ "name": "Bad" }] }'), "shard-count": "2" },
            /Sharding 'reshard': shards\[0\].name must be lower case letters/,
        );
        refused(
            { from: file("extra.json", '{ "shardCount": 2, "store": "postgres" }'), "shard-count": "3" },
            /a map file has only strategy, shardCount, shards, rangeOrder, mapVersion, got store/,
        );
        refused({ from: file("list.json", "[1]"), "shard-count": "3" }, /a map file must be an object/);
        refused({ from: join(dir, "missing.json"), "shard-count": "3" }, /missing.json: cannot read the map file/);
        refused({ from: three, to: four, keys: "0" }, "reshard: --keys must be an integer from 1 to 10,000,000, got 0");
        refused({ from: three, to: four, keys: "ten" }, "reshard: --keys must be an integer, got ten");
        refused({ from: three, to: four, "keys-file": four, seed: "2" }, "reshard: give --keys-file, or --keys and --seed, not both");
        refused({ to: four }, "reshard: give --stack NAME, or --from FILE with --to FILE or --shard-count N");
    });
});
