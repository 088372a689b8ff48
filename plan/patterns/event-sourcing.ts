/** Event Sourcing in the cost plan: events are appended to the store (writes) and published from it. */
import type { PatternPricing } from "../pattern-pricing";

export const eventSourcingPricing: PatternPricing = {
    flow: { driver: "events", eventsAreWrites: true, writesPerMessage: 0 },
    // `publish-dlq`: where the AWS pipe puts a batch of stream records it could not publish.
    deadLetterRoles: ["publish-dlq"],
};
