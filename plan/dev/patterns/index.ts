/**
 * Each pattern's local wiring for `cloud-patterns dev`, by the registry's class name
 * (components/patterns.ts). A pattern without an entry is listed as skipped, with the reason.
 */
import type { DevWiring } from "../wiring";
import { ambassadorWiring } from "./ambassador";
import { antiCorruptionLayerWiring } from "./anti-corruption-layer";
import { eventSourcingWiring } from "./event-sourcing";
import { gatewayAggregationWiring } from "./gateway-aggregation";
import { cqrsNotLocal } from "./not-local";
import { retryWiring } from "./retry";
import { shardingWiring } from "./sharding";

export const DEV_WIRINGS: Readonly<Record<string, DevWiring>> = {
    GatewayAggregation: gatewayAggregationWiring,
    AntiCorruptionLayer: antiCorruptionLayerWiring,
    EventSourcing: eventSourcingWiring,
    Ambassador: ambassadorWiring,
    Retry: retryWiring,
    Cqrs: cqrsNotLocal,
    Sharding: shardingWiring,
};
