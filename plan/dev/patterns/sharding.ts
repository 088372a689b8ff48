/**
 * Sharding, locally: the router bundle of the stack's store behind its five routes, its settings
 * document pointing every shard at the local peer (DynamoDB Local with the recorded table on AWS,
 * the recorded container, keyed [/shard, /id], on the local Cosmos DB peer on Azure, signed in to
 * with the function's managed identity, a database made from the component's DDL on the Spanner
 * emulator on GCP), with the `store` faults on a proxy in front of the peer. The smoke run PUTs a few keys, GETs them back, asks
 * `GET /shards/{key}`, and checks that each key landed on the shard the map's strategy picks
 * (handlers/sharding/routing, the same chooser the router uses) and was read from there.
 */
import { Cloud } from "../../../components/cloud";
import { routerBundle, type RouterStore } from "../../../components/sharding/functions";
import { shardChooser } from "../../../handlers/sharding/routing";
import {
    ROUTER_ROUTES,
    RouterSettingsDocument,
    ShardDocument,
    ShardMapDocument,
    spannerShardDdl,
} from "../../../handlers/sharding/settings-document";
import { cosmosForFunctions } from "../cosmos-for-functions";
import { dynamoDbLocalWithTables } from "../dynamodb-tables";
import type { StackPattern } from "../stack-functions";
import { faultedStore, StoreFaultProxy } from "../store-fault-proxy";
import { DevContext, DevWiring, stackFunction } from "../wiring";

/** The variable the Spanner router reads the emulator's REST gateway from (handlers/sharding/entries/spanner-router.ts). */
const SPANNER_REST_ENV = "SPANNER_EMULATOR_REST_ENDPOINT";

const SMOKE_KEYS = ["order-1001", "order-1002", "order-1003", "order-1004", "order-1005"];

function withShards(map: ShardMapDocument, relocate: (shard: ShardDocument) => ShardDocument): ShardMapDocument {
    return { ...map, shards: map.shards.map(relocate) };
}

/** The shards' store on the cloud's local peer: what the router's environment needs, and where each shard now is. */
interface LocalShards {
    readonly store: RouterStore;
    readonly environment: Record<string, string>;
    readonly relocate: (shard: ShardDocument) => ShardDocument;
    readonly proxy?: StoreFaultProxy;
    stop(): Promise<void>;
}

async function dynamoDbShards(pattern: StackPattern, context: DevContext): Promise<LocalShards> {
    const peer = await dynamoDbLocalWithTables(context, pattern.resources);
    const local = await faultedStore("dynamodb", peer.endpoint, context);
    return {
        store: "dynamodb",
        environment: { ...peer.env, AWS_ENDPOINT_URL_DYNAMODB: local.endpoint },
        // The peer keeps one database for every region (-sharedDb); the function's own region reaches it.
        relocate: (shard) =>
            shard.location.kind === "dynamodb" ? { ...shard, location: { kind: "dynamodb", table: shard.location.table } } : shard,
        proxy: local.proxy,
        stop: async () => local.proxy?.stop(),
    };
}

async function cosmosShards(pattern: StackPattern, context: DevContext): Promise<LocalShards> {
    const cosmos = await cosmosForFunctions(pattern, context);
    return {
        store: "cosmos",
        environment: { ...cosmos.environment },
        relocate: (shard) =>
            shard.location.kind === "cosmos" ? { ...shard, location: { ...shard.location, endpoint: cosmos.endpoint } } : shard,
        proxy: cosmos.proxy,
        stop: cosmos.stop,
    };
}

async function spannerShards(settings: RouterSettingsDocument, context: DevContext): Promise<LocalShards> {
    const peer = await context.peers.get("spanner");
    const databases = new Map<string, string>();
    for (const { location } of settings.map.shards) if (location.kind === "spanner") databases.set(location.database, location.table);
    for (const [database, table] of databases) await peer.createDatabase(database, [spannerShardDdl(table)]);
    context.log(`databases on the Spanner emulator: ${[...databases.keys()].join(", ")}`);
    const local = await faultedStore("google-rest", peer.endpoint, context);
    return {
        store: "spanner",
        environment: { [SPANNER_REST_ENV]: local.endpoint },
        relocate: (shard) =>
            shard.location.kind === "spanner"
                ? { ...shard, location: { ...shard.location, projectId: peer.projectId, instance: peer.instanceId } }
                : shard,
        proxy: local.proxy,
        stop: async () => local.proxy?.stop(),
    };
}

function localShards(pattern: StackPattern, settings: RouterSettingsDocument, context: DevContext): Promise<LocalShards> {
    switch (context.cloud) {
        case Cloud.Aws:
            return dynamoDbShards(pattern, context);
        case Cloud.Azure:
            return cosmosShards(pattern, context);
        case Cloud.Gcp:
            return spannerShards(settings, context);
    }
}

export const shardingWiring: DevWiring = {
    unavailable: () => undefined,
    async prepare(pattern, context) {
        const fn = stackFunction(pattern, "router");
        const settings = fn.settings as unknown as RouterSettingsDocument;
        if (settings.store !== "managed")
            throw new Error(`Sharding '${pattern.name}': store '${settings.store}' has no local wiring yet (managed stores only)`);
        const { store, environment, relocate, proxy, stop } = await localShards(pattern, settings, context);
        const local: RouterSettingsDocument = {
            ...settings,
            map: withShards(settings.map, relocate),
            ...(settings.next && { next: withShards(settings.next, relocate) }),
        };
        const storeRefusals = () => (proxy ? proxy.counts.throttled + proxy.counts.timedOut : 0);
        const expected = shardChooser({ strategy: settings.map.strategy ?? "hash", shards: settings.map.shards, geo: settings.map.geo });
        return {
            functions: [{ role: "router", bundle: routerBundle(store, context.cloud), settings: local, environment }],
            appliesFaults: ["store"],
            routes: Object.values(ROUTER_ROUTES).map((key) => ({ key, role: "router" })),
            async smoke(call) {
                const landed: string[] = [];
                const wrong: string[] = [];
                const refusedKeys: string[] = [];
                for (const [i, key] of SMOKE_KEYS.entries()) {
                    const item = { [settings.key]: key, total: 100 + i };
                    const put = await call("PUT", `/items/${key}`, item);
                    const got = await call("GET", `/items/${key}`);
                    const asked = await call("GET", `/shards/${key}`);
                    const shardOf = (answer: { status: number; text: string }) =>
                        answer.status < 300 ? (JSON.parse(answer.text) as { shard: string }).shard : `HTTP ${answer.status}`;
                    const read = got.status === 200 ? (JSON.parse(got.text) as { item: { total?: number } }).item : undefined;
                    const picked = settings.map.geo ? undefined : settings.map.shards[expected(key)].name;
                    const shard = shardOf(asked);
                    landed.push(`${key} -> ${shard}`);
                    // A store the faults refuse is the router's documented 500 problem document ("it can be retried"), never a wrong answer.
                    const refused = (a: { status: number; contentType: string }) =>
                        a.status === 500 && a.contentType.startsWith("application/problem+json") && storeRefusals() > 0;
                    if (refused(put) || refused(got)) refusedKeys.push(key);
                    else if (![200, 201].includes(put.status)) wrong.push(`PUT ${key} -> ${put.status}: ${put.text.slice(0, 160)}`);
                    else if (got.status !== 200 || read?.total !== item.total)
                        wrong.push(`GET ${key} -> ${got.status}: ${got.text.slice(0, 160)}`);
                    else if (shardOf(put) !== shard || shardOf(got) !== shard)
                        wrong.push(`${key}: PUT said ${shardOf(put)}, GET ${shardOf(got)}, GET /shards ${shard}`);
                    else if (picked !== undefined && picked !== shard)
                        wrong.push(`${key}: on ${shard}, the map's ${settings.map.strategy ?? "hash"} picks ${picked}`);
                }
                const faults = proxy
                    ? `; store calls ${proxy.counts.calls}, throttled ${proxy.counts.throttled}, held ${proxy.counts.timedOut}` +
                      (refusedKeys.length ? `; 500 (retryable) for ${refusedKeys.join(", ")}: the store refused` : "")
                    : "";
                return {
                    ok: wrong.length === 0,
                    summary: `${landed.join(", ")} (PUT, GET back, GET /shards/{key} for each)${faults}${wrong.length ? `; ${wrong.join("; ")}` : ""}`,
                };
            },
            stop,
        };
    },
};
