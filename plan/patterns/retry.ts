/** Retry in the cost plan: every message goes through the queue to the worker; failed work waits in the dead letters. */
import type { PatternPricing } from "../pattern-pricing";

export const retryPricing: PatternPricing = {
    // Each message also writes its idempotency record twice: in progress, then completed.
    flow: { driver: "messages", eventsAreWrites: false, writesPerMessage: 2 },
    // `dead-letters`: the SQS dead-letter queue, the Service Bus dead-letter queue, the Pub/Sub topic and its `dead-letters-held` subscription.
    deadLetterRoles: ["dead-letters"],
};
