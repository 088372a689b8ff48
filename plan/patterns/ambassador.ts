/**
 * The Ambassador in the cost plan: request/response, no asynchronous side. Its price is the
 * container time of its task, revision or pod, which the container pricers split into the app's
 * share and the Envoy sidecar's (plan/pricing/<cloud>.ts).
 */
import type { PatternPricing } from "../pattern-pricing";

export const ambassadorPricing: PatternPricing = {};
