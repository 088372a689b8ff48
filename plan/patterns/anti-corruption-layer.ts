/** Anti-Corruption Layer in the cost plan: request/response only; its front door's requests reach the translator. */
import type { PatternPricing } from "../pattern-pricing";

export const antiCorruptionLayerPricing: PatternPricing = {};
