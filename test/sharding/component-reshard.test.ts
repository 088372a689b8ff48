/**
 * `reshardFrom`: the component writes the router's settings for an online resharding, the map it
 * serves now as `map` and the args' map as `next` (handlers/sharding/settings-document.ts), on every
 * cloud; and refuses a next map that moves nothing, a version not raised by one, a shard dropped.
 */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import type { ShardingArgs } from "../../components/sharding";
import { CONFIG_ENV, readFunctionConfig } from "../../handlers/config";
import { parseRouterSettings } from "../../handlers/sharding/settings";
import { only } from "../support/resources";
import { deploySharding, POSTGRES_NETWORK, resolveFor, settingsOf } from "./component-fixture";

const ROUTER_TYPE: Record<Cloud, string> = {
    aws: "aws:lambda/function:Function",
    azure: "azure-native:web:WebApp",
    gcp: "gcp:cloudfunctionsv2/function:Function",
};
const names = (map: { shards: { name: string }[] }) => map.shards.map((s) => s.name);
/** 3 -> 4 hash shards, as docs/patterns/sharding.md's "Resharding" deploys it. */
const THREE_TO_FOUR: ShardingArgs = { shardCount: 4, mapVersion: 2, reshardFrom: { mapVersion: 1, shardCount: 3 } };

describe("Sharding resharding (reshardFrom, mocks)", function () {
    this.timeout(120_000);

    for (const [cloud, store] of [
        [Cloud.Aws, "managed"],
        [Cloud.Azure, "managed"],
        [Cloud.Gcp, "managed"],
        [Cloud.Aws, "postgres"],
        [Cloud.Azure, "postgres"],
        [Cloud.Gcp, "postgres"],
    ] as const) {
        it(`${cloud}, ${store}: the router's map is the current 3 shards (version 1), its next the 4 (version 2), one store per shard name`, async () => {
            const { resources, outputs } = await deploySharding(cloud, {
                ...THREE_TO_FOUR,
                store,
                ...(store === "postgres" && { [cloud]: POSTGRES_NETWORK[cloud] }),
            });
            const settings = settingsOf(only(resources, ROUTER_TYPE[cloud]));
            assert.deepEqual(
                [settings.map.version, settings.map.strategy, names(settings.map)],
                [1, "hash", ["shard-0", "shard-1", "shard-2"]],
            );
            assert.deepEqual(
                [settings.next.version, settings.next.strategy, names(settings.next)],
                [2, "hash", ["shard-0", "shard-1", "shard-2", "shard-3"]],
            );
            // The router takes it: next one version above map.
            const parsed = readFunctionConfig(parseRouterSettings, { [CONFIG_ENV]: JSON.stringify(settings) });
            assert.deepEqual([parsed.map.shards.length, parsed.next?.shards.length, parsed.next?.version], [3, 4, 2]);
            // A shard in both maps is one store: the same location in each.
            settings.map.shards.forEach((shard: { location: unknown }, i: number) =>
                assert.deepEqual(shard.location, settings.next.shards[i].location),
            );
            assert.equal(
                new Set(settings.next.shards.map((s: { location: unknown }) => JSON.stringify(s.location))).size,
                store === "postgres" ? 4 : 1,
            );
            // Every shard of the next map is deployed (the outputs name its store); the shardMap output says both.
            assert.deepEqual(
                outputs.shards.map((s) => s.name),
                ["shard-0", "shard-1", "shard-2", "shard-3"],
            );
            assert.deepEqual(
                [
                    outputs.shardMap.version,
                    names(outputs.shardMap),
                    outputs.shardMap.next?.version,
                    outputs.shardMap.next && names(outputs.shardMap.next),
                ],
                [1, ["shard-0", "shard-1", "shard-2"], 2, ["shard-0", "shard-1", "shard-2", "shard-3"]],
            );
        });
    }

    it("without reshardFrom: the router has no next map", async () => {
        const { resources, outputs } = await deploySharding(Cloud.Aws, { shardCount: 4, mapVersion: 2 });
        const settings = settingsOf(only(resources, ROUTER_TYPE.aws));
        assert.deepEqual(
            [settings.map.version, names(settings.map), "next" in settings],
            [2, ["shard-0", "shard-1", "shard-2", "shard-3"], false],
        );
        assert.equal(outputs.shardMap.next, undefined);
    });

    it("a range split: the previous map's ranges in map, the split ones in next", async () => {
        const { resources } = await deploySharding(Cloud.Gcp, {
            strategy: "range",
            shards: [
                { name: "a-h", to: "e" },
                { name: "e-h", from: "e", to: "i" },
                { name: "i-z", from: "i" },
            ],
            mapVersion: 4,
            reshardFrom: {
                mapVersion: 3,
                shards: [
                    { name: "a-h", to: "i" },
                    { name: "i-z", from: "i" },
                ],
            },
        });
        const settings = settingsOf(only(resources, ROUTER_TYPE.gcp));
        assert.deepEqual(
            settings.map.shards.map((s: object) => ({ ...s, location: undefined })),
            [
                { name: "a-h", to: "i", location: undefined },
                { name: "i-z", from: "i", location: undefined },
            ],
        );
        assert.deepEqual(names(settings.next), ["a-h", "e-h", "i-z"]);
        assert.equal(settings.next.version, 4);
    });

    it("refuses a next map equal to the current one, a version not raised by one, a shard dropped or moved, geo to another strategy", () => {
        const refused = (args: unknown, message: string) => assert.throws(() => resolveFor(Cloud.Aws, args), { message });
        refused(
            { shardCount: 3, mapVersion: 2, reshardFrom: { mapVersion: 1, shardCount: 3 } },
            "Sharding 'orders': the next map (shards) must route some key to another shard than reshardFrom does, got the same strategy and shards: change shardCount or shards, or drop reshardFrom",
        );
        refused(
            { shardCount: 4, mapVersion: 3, reshardFrom: { mapVersion: 1, shardCount: 3 } },
            "Sharding 'orders': mapVersion must be reshardFrom.mapVersion + 1 (2) while resharding: the router's next map is one version above the map it serves, got 3",
        );
        refused(
            { shardCount: 4, reshardFrom: { mapVersion: 1, shardCount: 3 } },
            "Sharding 'orders': mapVersion must be reshardFrom.mapVersion + 1 (2) while resharding: the router's next map is one version above the map it serves, got 1",
        );
        refused(
            { shardCount: 2, mapVersion: 2, reshardFrom: { mapVersion: 1, shardCount: 3 } },
            "Sharding 'orders': reshardFrom's shard 'shard-2' must stay in shards while resharding (the mover copies its keys off it); remove it in the deployment after the move, got shards shard-0, shard-1",
        );
        refused(
            { shardCount: 4, mapVersion: 2, reshardFrom: { mapVersion: 1, shardCount: 0 } },
            "Sharding 'orders': reshardFrom.shardCount must be an integer from 1 to 64, got 0",
        );
        refused(
            { shardCount: 4, mapVersion: 2, reshardFrom: { mapVersion: 1, shards: [{ name: "Bad" }] } },
            "Sharding 'orders': reshardFrom.shards[0].name must be lower case letters, digits and hyphens, starting with a letter, at most 20, got \"Bad\"",
        );
        refused(
            { shardCount: 4, mapVersion: 2, reshardFrom: 3 },
            "Sharding 'orders': reshardFrom must be an object { mapVersion, shardCount | shards, strategy? }, got 3",
        );
        refused(
            {
                shards: [{ name: "a", region: "us-east-1" }, { name: "b" }],
                strategy: "rendezvous",
                mapVersion: 2,
                reshardFrom: { mapVersion: 1, shards: [{ name: "a", region: "eu-west-1" }] },
            },
            "Sharding 'orders': the region of shard 'a' must be its region in reshardFrom (eu-west-1): a shard's store does not move, got \"us-east-1\"",
        );
        refused(
            {
                strategy: "geo",
                shards: [{ name: "a", region: "us-east-1" }],
                geo: { field: "country", defaultRegion: "us-east-1" },
                mapVersion: 2,
                reshardFrom: { mapVersion: 1, strategy: "hash", shardCount: 1 },
            },
            "Sharding 'orders': reshardFrom.strategy 'hash' cannot move to strategy 'geo': geo places items by a field, not by their key; reshard geo to geo",
        );
        // A change of strategy alone moves keys: allowed.
        const resolved = resolveFor(Cloud.Aws, {
            strategy: "rendezvous",
            shardCount: 3,
            mapVersion: 2,
            reshardFrom: { mapVersion: 1, strategy: "hash", shardCount: 3 },
        });
        assert.deepEqual([resolved.previous?.strategy, resolved.previous?.mapVersion, resolved.strategy], ["hash", 1, "rendezvous"]);
    });
});
