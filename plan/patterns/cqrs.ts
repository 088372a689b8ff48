/**
 * CQRS in the cost plan: commands write the write model, queries read the read model; each change
 * flows through the store's stream (or the EventSourcing's events) to the projector, which the
 * graph shows. Only the projection's dead letters are priced apart: none of the workload reaches them.
 */
import type { PatternPricing } from "../pattern-pricing";

export const cqrsPricing: PatternPricing = {
    // `projection-dlq`: the changes the projector gave up on (SQS on AWS, Pub/Sub on GCP; `-held` is its subscription).
    deadLetterRoles: ["projection-dlq"],
};
