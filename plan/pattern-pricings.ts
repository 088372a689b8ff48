/**
 * Each registered pattern's pricing file (plan/patterns/<pattern>.ts), by pattern name: the
 * registry (components/patterns.ts) links them from here, and the cost plan's parent process
 * looks them up here without loading any component.
 */
import type { PatternName } from "../components/pattern-entries";
import type { PatternPricing } from "./pattern-pricing";
import { ambassadorPricing } from "./patterns/ambassador";
import { antiCorruptionLayerPricing } from "./patterns/anti-corruption-layer";
import { cqrsPricing } from "./patterns/cqrs";
import { eventSourcingPricing } from "./patterns/event-sourcing";
import { gatewayAggregationPricing } from "./patterns/gateway-aggregation";
import { retryPricing } from "./patterns/retry";
import { shardingPricing } from "./patterns/sharding";

export const PATTERN_PRICING: Readonly<Record<PatternName, PatternPricing>> = {
    GatewayAggregation: gatewayAggregationPricing,
    AntiCorruptionLayer: antiCorruptionLayerPricing,
    Retry: retryPricing,
    EventSourcing: eventSourcingPricing,
    Cqrs: cqrsPricing,
    Ambassador: ambassadorPricing,
    Sharding: shardingPricing,
};
