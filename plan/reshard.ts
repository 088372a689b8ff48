/**
 * `cloud-patterns reshard`: the offline plan of a resharding, before any deployment: how many keys
 * of a sample move from which shard to which, as a fraction of all, against the ideal. The maps
 * come from a stack's Sharding (its `reshardFrom` and shards, or its shards and `--to` /
 * `--shard-count`) or from two map files; docs/patterns/sharding.md, "Resharding".
 */
import { Cloud } from "../components/cloud";
import type { PulumiProject } from "./pulumi-project";
import { DEFAULT_KEY_COUNT, DEFAULT_SEED, keysFromFile, syntheticKeys } from "./reshard-keys";
import { reshardMaps, type ReshardMaps } from "./reshard-maps";
import { planReshard, type ReshardPlan } from "./reshard-plan";

export interface ReshardFlags {
    readonly stack?: string[];
    readonly cloud?: string[];
    readonly "stacks-dir"?: string;
    readonly from?: string;
    readonly to?: string;
    readonly "shard-count"?: string;
    readonly keys?: string;
    readonly seed?: string;
    readonly "keys-file"?: string;
    readonly json?: boolean;
}

export function runReshardCommand(flags: ReshardFlags, project: PulumiProject | undefined, out: (text: string) => void): number {
    if ((flags.stack?.length ?? 0) > 1 || (flags.cloud?.length ?? 0) > 1)
        throw new Error("reshard plans one stack's Sharding: give --stack and --cloud at most once");
    if (flags["keys-file"] !== undefined && (flags.keys !== undefined || flags.seed !== undefined))
        throw new Error("reshard: give --keys-file, or --keys and --seed, not both");
    const cloud = flags.cloud?.[0];
    if (cloud !== undefined && !Object.values(Cloud).includes(cloud as Cloud))
        throw new Error(`reshard: --cloud must be aws, azure or gcp, got ${cloud}`);
    const maps = reshardMaps({
        stack: flags.stack?.[0],
        stacksDir: flags["stacks-dir"] ?? project?.stacksDir,
        project: project?.name,
        cloud: cloud as Cloud | undefined,
        from: flags.from,
        to: flags.to,
        shardCount: flags["shard-count"] === undefined ? undefined : integer("--shard-count", flags["shard-count"]),
    });
    const sample =
        flags["keys-file"] !== undefined
            ? keysFromFile(flags["keys-file"])
            : syntheticKeys(
                  flags.keys === undefined ? DEFAULT_KEY_COUNT : integer("--keys", flags.keys),
                  flags.seed === undefined ? DEFAULT_SEED : integer("--seed", flags.seed),
                  maps.numeric ? [maps.before.routing, maps.after.routing] : undefined,
              );
    const plan = planReshard(maps.before, maps.after, sample.keys);
    out(
        flags.json
            ? `${JSON.stringify({ source: maps.source, sample: sample.description, before: maps.before, after: maps.after, ...plan }, null, 2)}\n`
            : renderReshardPlan(maps, sample.description, plan),
    );
    return 0;
}

function integer(flag: string, text: string): number {
    const value = Number(text);
    if (text.trim() === "" || !Number.isSafeInteger(value)) throw new Error(`reshard: ${flag} must be an integer, got ${text}`);
    return value;
}

const percent = (f: number) => `${(f * 100).toFixed(2)} %`;
const count = (n: number) => n.toLocaleString("en");

export function renderReshardPlan(maps: ReshardMaps, sample: string, plan: ReshardPlan): string {
    const { before, after } = maps;
    const describe = (m: typeof before) =>
        `${m.routing.strategy}, ${m.routing.shards.length} shard${m.routing.shards.length === 1 ? "" : "s"} (map version ${m.version})`;
    const width = Math.max(5, ...plan.shards.map((s) => s.shard.length));
    const lines = [
        `reshard plan, ${maps.source}: ${describe(before)} -> ${describe(after)}`,
        `keys: ${sample}`,
        "",
        "moves:",
        ...(plan.moves.length === 0
            ? ["  none"]
            : plan.moves.map(
                  (m) =>
                      `  ${m.from.padEnd(width)} -> ${m.to.padEnd(width)} ${count(m.keys).padStart(12)}  ${percent(m.fraction).padStart(8)}`,
              )),
        "",
        `moved: ${count(plan.moved)} of ${count(plan.keys)} keys, ${percent(plan.movedFraction)} (95 % interval ${percent(plan.interval[0])} to ${percent(plan.interval[1])})`,
        `ideal: ${percent(plan.idealFraction)}, ${plan.idealFrom === "designed" ? idealOfShares(maps) : "the fewest moves that give the new map's shard sizes on this sample"}`,
        `ratio: x${Number.isFinite(plan.ratio) ? plan.ratio.toFixed(3) : "inf"} of ideal (${plan.idealFraction === 0 ? "n/a" : `${(plan.interval[0] / plan.idealFraction).toFixed(3)} to ${(plan.interval[1] / plan.idealFraction).toFixed(3)}`})`,
        "",
        "keys per shard:",
        `  ${"shard".padEnd(width)} ${"before".padStart(12)} ${"after".padStart(12)}`,
        ...plan.shards.map((s) => `  ${s.shard.padEnd(width)} ${count(s.before).padStart(12)} ${count(s.after).padStart(12)}`),
    ];
    const empty = plan.shards.filter(
        (s) =>
            (before.routing.shards.some((b) => b.name === s.shard) && s.before === 0) ||
            (after.routing.shards.some((a) => a.name === s.shard) && s.after === 0),
    );
    if (empty.length > 0)
        lines.push(
            "",
            `note: no key of the sample lands on ${empty.map((s) => s.shard).join(", ")}; give keys like yours with --keys-file`,
        );
    return `${lines.join("\n")}\n`;
}

/** The ideal's wording for hash and rendezvous: 1/(N+1) when one equal shard joins N. */
function idealOfShares({ before, after }: ReshardMaps): string {
    const n = before.routing.shards.length;
    const equal = (m: typeof before) => m.routing.shards.every((s) => (s.weight ?? 1) === (m.routing.shards[0]!.weight ?? 1));
    if (after.routing.shards.length === n + 1 && equal(before) && equal(after) && before.routing.strategy === after.routing.strategy)
        return `1/(N+1) for N = ${n}: the new shard's share, all that must move`;
    return "the share of keys that must change shard to give each shard its designed share";
}
