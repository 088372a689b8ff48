/**
 * What every router entry shares: settings from CLOUD_PATTERNS_CONFIG (parsed once at cold
 * start), each shard's store opened once, and the router over them. Each store has its own entry
 * (entries/<store>-router.ts) so a bundle carries one database SDK only.
 */
import { atColdStart } from "../cold-start";
import { ConfigError, readFunctionConfig } from "../config";
import type { HttpHandler } from "../contracts";
import type { ShardStore } from "../stores/shards/port";
import { createShardRouter } from "./router";
import { parseRouterSettings, RouterSettings, Shard, ShardLocation, ShardMap } from "./settings";
import { placements, VersionedMap } from "./topology";

export interface RouterFunctionParts<K extends ShardLocation["kind"]> {
    readonly locationKind: K;
    readonly openShard: (shard: Shard & { readonly location: Extract<ShardLocation, { kind: K }> }) => ShardStore;
}

/** The settings' maps as the topology takes them. */
function routingMap(map: ShardMap): VersionedMap<Shard> {
    return { ...map, ...(map.geo && { geo: map.geo }) };
}

export function routerHandler<K extends ShardLocation["kind"]>(settings: RouterSettings, parts: RouterFunctionParts<K>): HttpHandler {
    for (const shard of [...settings.map.shards, ...(settings.next?.shards ?? [])]) {
        if (shard.location.kind !== parts.locationKind) {
            throw new ConfigError(
                `shard '${shard.name}' is stored in ${shard.location.kind}, but this router was bundled for ${parts.locationKind}`,
            );
        }
    }
    let topology;
    try {
        topology = placements({ current: routingMap(settings.map), ...(settings.next && { next: routingMap(settings.next) }) }, (shard) =>
            parts.openShard(shard as Parameters<typeof parts.openShard>[0]),
        );
    } catch (err) {
        if (err instanceof RangeError) throw new ConfigError(err.message);
        throw err;
    }
    return createShardRouter({
        keyField: settings.key,
        topology: () => topology,
        scatterBudgetMs: settings.scatterBudgetMs,
        maxBodyBytes: settings.maxBodyBytes,
    });
}

export function routerFunction<K extends ShardLocation["kind"]>(parts: RouterFunctionParts<K>): HttpHandler {
    const handler = atColdStart(() => routerHandler(readFunctionConfig(parseRouterSettings), parts));
    return async (request) => handler()(request);
}
