/** Retry in the cost plan: every message goes through the queue to the worker; failed work waits in the dead letters. */
import { DEFAULT_IDEMPOTENCY_TTL_SECONDS } from "../../components/retry/idempotency-ttl";
import type { PatternPricing } from "../pattern-pricing";
import { heldGb } from "../usage";

/** An idempotency record: the key, its status and the target's response summary. */
const RECORD_KB = 1;

export const retryPricing: PatternPricing = {
    flow: { driver: "messages", eventsAreWrites: false, writesPerMessage: 2 },
    // `dead-letters`: the SQS dead-letter queue, the Service Bus dead-letter queue, the Pub/Sub topic and its `dead-letters-held` subscription.
    deadLetterRoles: ["dead-letters"],
    // The enqueue endpoint takes one call per message it puts on the queue; the worker runs once per message.
    invocations: { enqueue: ({ workload }) => workload.messages, worker: ({ workload }) => workload.messages },
    stores: {
        // Each message writes its idempotency record twice (in progress, then completed); a record
        // lives ttlSeconds, so the table holds about messages x ttl / month of them.
        records: ({ workload, setting }) => ({
            reads: workload.reads,
            writes: 2 * workload.messages + workload.writes,
            storageGb: heldGb(workload.messages, setting("ttlSeconds") ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS, RECORD_KB),
        }),
    },
};
