/** Sharding's args: each bad value refused at construction, naming the field, the value and what is allowed. */
import { strict as assert } from "node:assert";
import { Cloud } from "../../components/cloud";
import { Sharding } from "../../components/sharding";
import { REGIONS } from "../../components/sharding/regions";
import { evaluate } from "../../plan/mock-cloud";
import { CLOUD_CONFIG, geoArgs, POSTGRES_NETWORK, resolveFor } from "./component-fixture";

const refused = (args: unknown, message: string | RegExp, cloud: Cloud = Cloud.Aws) =>
    assert.throws(() => resolveFor(cloud, args), typeof message === "string" ? { message } : message);

describe("Sharding args", () => {
    it("0 shards, too many, both a count and a list, or neither: names the rule", () => {
        const count = "an integer from 1 to 64";
        const list = "a list of 1 to 64 shards { name, region?, from?, to?, weight? } (or shardCount)";
        refused({ shardCount: 0 }, `Sharding 'orders': shardCount must be ${count}, got 0`);
        refused({ shards: [] }, `Sharding 'orders': shards must be ${list}, got []`);
        refused({ shardCount: 65 }, `Sharding 'orders': shardCount must be ${count}, got 65`);
        refused({ shardCount: 2.5 }, `Sharding 'orders': shardCount must be ${count}, got 2.5`);
        refused({ shards: 3 }, `Sharding 'orders': shards must be ${list}, got 3`);
        refused({}, `Sharding 'orders': shards must be ${list}, got undefined`);
        refused({ shardCount: 2, shards: [{ name: "a" }] }, "Sharding 'orders': give shardCount or shards, not both");
    });

    it("a count names the shards shard-0 .. shard-<N-1> in the stack's region, hash by default, the managed store, key id", () => {
        const r = resolveFor(Cloud.Aws, { shardCount: 3 });
        assert.deepEqual(
            r.shards.map((s) => [s.name, s.region, s.pinned]),
            [
                ["shard-0", "us-east-1", false],
                ["shard-1", "us-east-1", false],
                ["shard-2", "us-east-1", false],
            ],
        );
        assert.deepEqual([r.strategy, r.store, r.key, r.mapVersion, r.regions], ["hash", "managed", "id", 1, ["us-east-1"]]);
        assert.match(r.router.entry, /handlers\/sharding\/entries\/dynamodb-router\.ts$/);
    });

    it("shard names: the rule, and unique", () => {
        refused(
            { shards: [{ name: "Shard_1" }] },
            /shards\[0\].name must be lower case letters, digits and hyphens, starting with a letter, at most 20, got "Shard_1"/,
        );
        refused({ shards: [{ name: "a".repeat(21) }] }, /shards\[0\].name must be .* at most 20, got "a{21}"/);
        refused({ shards: [{ name: "a" }, { name: "a" }] }, `Sharding 'orders': shards[1].name must be unique among the shards, got "a"`);
    });

    it("overlapping or gapped ranges, a first shard with a from, a last with a to: every problem named", () => {
        const range = (shards: unknown) => ({ strategy: "range", shards });
        refused(
            range([
                { name: "a", to: "m" },
                { name: "b", from: "k" },
            ]),
            /shards must be ranges \[from, to\) in order, covering every key once \(no gap, no overlap\): shards 'a' and 'b' leave an overlap: 'to' "m" must equal the next 'from' "k"/,
        );
        refused(
            range([
                { name: "a", to: "k" },
                { name: "b", from: "m" },
            ]),
            /shards 'a' and 'b' leave a gap: 'to' "k" must equal the next 'from' "m"/,
        );
        refused(
            range([
                { name: "a", from: "a", to: "m" },
                { name: "b", from: "m" },
            ]),
            /shard 'a' is first, so it must have no 'from'/,
        );
        refused(
            range([
                { name: "a", to: "m" },
                { name: "b", from: "m", to: "z" },
            ]),
            /shard 'b' is last, so it must have no 'to'/,
        );
        refused(
            range([
                { name: "a", to: 10 },
                { name: "b", from: "10" },
            ]),
            `Sharding 'orders': shards[0].to must be a string, got 10`,
        );
        refused(
            {
                ...range([
                    { name: "a", to: "ten" },
                    { name: "b", from: "ten" },
                ]),
                rangeOrder: "numeric",
            },
            `Sharding 'orders': shards[0].to must be a finite decimal number with rangeOrder 'numeric', got "ten"`,
        );
        refused({ shardCount: 2, rangeOrder: "numeric" }, "Sharding 'orders': rangeOrder is for strategy 'range', got strategy 'hash'");
        refused(
            { ...range([{ name: "a" }]), rangeOrder: "alphabetical" },
            `Sharding 'orders': rangeOrder must be one of lexical, numeric, got "alphabetical"`,
        );
        refused(
            { strategy: "range", shardCount: 3 },
            /shardCount must be absent with strategy 'range' \(give shards, each with from\/to\), got 3/,
        );
        const ok = resolveFor(Cloud.Aws, {
            ...range([
                { name: "a", to: "100" },
                { name: "b", from: "100", to: "200" },
                { name: "c", from: "200" },
            ]),
            rangeOrder: "numeric",
        });
        assert.deepEqual(
            ok.shards.map((s) => [s.from, s.to]),
            [
                [undefined, 100],
                [100, 200],
                [200, undefined],
            ],
        );
    });

    it("bounds only with range, weights only with rendezvous (and within the router's bounds)", () => {
        refused(
            { shards: [{ name: "a", to: "m" }, { name: "b" }] },
            "Sharding 'orders': shards[0].from and .to are for strategy 'range', got strategy 'hash'",
        );
        refused(
            { shards: [{ name: "a", weight: 2 }] },
            "Sharding 'orders': shards[0].weight is for strategy 'rendezvous', got strategy 'hash'",
        );
        refused(
            { strategy: "rendezvous", shards: [{ name: "a", weight: 0 }] },
            "Sharding 'orders': shards[0].weight must be a number from 0.01 to 1000, got 0",
        );
        assert.deepEqual(
            resolveFor(Cloud.Aws, { strategy: "rendezvous", shards: [{ name: "a", weight: 3 }, { name: "b" }] }).shards.map(
                (s) => s.weight,
            ),
            [3, undefined],
        );
    });

    it("a geo shard without a region, geo without its field, a place mapped to a region no shard is in", () => {
        refused(
            { strategy: "geo", shards: [{ name: "eu", region: "eu-west-1" }, { name: "us" }], geo: { field: "country" } },
            `Sharding 'orders': shards[1].region must be a region with strategy 'geo' (the shard is pinned to it for data residency), got undefined`,
        );
        refused(
            { ...geoArgs(Cloud.Aws), geo: undefined },
            /geo must be an object \{ field, places\?, defaultRegion\? \} with strategy 'geo', got undefined/,
        );
        refused(
            { ...geoArgs(Cloud.Aws), geo: { field: "country", places: { FR: "eu-west-3" } } },
            /geo must map every place to a region some shard is in: place 'FR' maps to region 'eu-west-3', which no shard is in/,
        );
        refused(
            { ...geoArgs(Cloud.Aws), geo: { field: "country", defaultRegion: "eu-west-3" } },
            /default region 'eu-west-3' has no shard/,
        );
        refused({ shardCount: 2, geo: { field: "country" } }, "Sharding 'orders': geo is for strategy 'geo', got strategy 'hash'");
        refused(
            { strategy: "geo", shardCount: 2 },
            /shardCount must be absent with strategy 'geo' \(give shards, each with a region\), got 2/,
        );
    });

    for (const cloud of [Cloud.Aws, Cloud.Azure, Cloud.Gcp]) {
        it(`a region ${cloud} does not have: refused, citing the list's source`, () => {
            const other = { aws: "westeurope", azure: "eu-west-1", gcp: "eastus" }[cloud];
            const { source } = REGIONS[cloud];
            refused(
                { strategy: "geo", shards: [{ name: "x", region: other }], geo: { field: "country" } },
                `Sharding 'orders': shards[0].region must be a region ${cloud} has (${source}), got "${other}"`,
                cloud,
            );
            const r = resolveFor(cloud, geoArgs(cloud));
            assert.deepEqual(r.regions, [
                CLOUD_CONFIG[cloud][cloud === "aws" ? "aws:region" : cloud === "azure" ? "azure-native:location" : "gcp:region"],
                r.shards[1].region,
            ]);
        });
    }

    it("lists AWS's commercial regions as @pulumi/aws's Region enum does (GovCloud, China, ISO and European Sovereign Cloud partitions left out)", () => {
        const sdk = Object.values((require("@pulumi/aws") as typeof import("@pulumi/aws")).Region as Record<string, string>);
        const commercial = sdk.filter((r) => !/^(us-gov|us-iso|eu-iso|eusc-|cn-)/.test(r)).sort();
        assert.deepEqual([...REGIONS.aws.regions].sort(), commercial);
    });

    it("store 'postgres' without its network, or a network without store 'postgres'", () => {
        refused(
            { shardCount: 2, store: "postgres" },
            /store 'postgres' on aws needs aws.postgres \{ vpcId, subnetIds \}.*: the databases get no public address/,
        );
        refused({ shardCount: 2, store: "postgres" }, /needs gcp.postgres \{ network \}/, Cloud.Gcp);
        refused({ shardCount: 2, ...POSTGRES_NETWORK }, "Sharding 'orders': aws.postgres is for store 'postgres', got store 'managed'");
        refused({ shardCount: 2, store: "mysql" }, `Sharding 'orders': store must be one of managed, postgres, got "mysql"`);
    });

    it("a strategy the store cannot serve: geo with postgres on AWS and Azure (a VPC or VNet is regional); GCP's VPC is global", () => {
        refused(
            { ...geoArgs(Cloud.Aws), store: "postgres", ...POSTGRES_NETWORK },
            "Sharding 'orders': strategy 'geo' with store 'postgres' on aws needs every shard in the router's region us-east-1 (the databases are private, " +
                "on the VPC given, which is regional), got shard 'away' in eu-central-1; use store 'managed' for shards in several regions, or a component per region",
        );
        refused(
            { ...geoArgs(Cloud.Azure), store: "postgres", ...POSTGRES_NETWORK },
            /on azure needs every shard in the router's region westeurope \(.*VNet given/,
            Cloud.Azure,
        );
        const gcp = resolveFor(Cloud.Gcp, { ...geoArgs(Cloud.Gcp), store: "postgres", ...POSTGRES_NETWORK });
        assert.equal(gcp.router.entry.endsWith("postgres-router.ts"), true);
    });

    it("strategy, key, auth and sizes: each named with what is allowed", () => {
        refused(
            { shardCount: 2, strategy: "modulo" },
            `Sharding 'orders': strategy must be one of hash, rendezvous, range, geo, got "modulo"`,
        );
        refused({ shardCount: 2, key: "order id" }, /key must be an item field name .*got "order id"/);
        refused({ shardCount: 2, auth: { mode: "apiKey" } }, /auth.mode must be one of none, iam, jwt on aws, got "apiKey"/);
        refused(
            { shardCount: 2, gcp: { processingUnits: 150 } },
            /gcp.processingUnits must be 100 to 900 in steps of 100, or a multiple of 1000/,
            Cloud.Gcp,
        );
        refused({ shardCount: 2, scatterBudgetMs: 10 }, "Sharding 'orders': scatterBudgetMs must be an integer from 50 to 25000, got 10");
        refused({ shardCount: 2, retentionDays: 36 }, /retentionDays must be an integer from 1 to 35/);
    });

    it("defaults the router to authenticated: it writes (iam on AWS, apiKey on Azure and GCP)", () => {
        assert.deepEqual(resolveFor(Cloud.Aws, { shardCount: 2 }).auth, { mode: "iam" });
        assert.deepEqual(resolveFor(Cloud.Azure, { shardCount: 2 }).auth, { mode: "apiKey" });
        assert.deepEqual(resolveFor(Cloud.Gcp, { shardCount: 2 }).auth, { mode: "apiKey" });
    });

    it("refuses bad args before registering anything", async () => {
        const { resources } = await evaluate(
            () => {
                assert.throws(() => new Sharding("orders", { shardCount: 0 }), /shardCount must be/);
            },
            { config: CLOUD_CONFIG.aws },
        );
        assert.deepEqual(resources, []);
    });
});
