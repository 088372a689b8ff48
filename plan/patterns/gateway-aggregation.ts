/** Gateway Aggregation in the cost plan: request/response only; its front door's requests reach the aggregator. */
import type { PatternPricing } from "../pattern-pricing";

export const gatewayAggregationPricing: PatternPricing = {};
