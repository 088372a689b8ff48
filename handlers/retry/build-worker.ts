import { downstreamBreaker } from "./breaker";
import { RetryPolicy } from "./policy";
import { DeadLetterSink, ProcessFn, RetryScheduler } from "./ports";
import { WorkerSettings } from "./settings";
import { RetryWorker } from "./worker";
import { Idempotency } from "../stores/idempotency/idempotency";
import { IdempotencyStore } from "../stores/idempotency/port";

/** The cloud-specific parts of a worker; each cloud's entry supplies them from its settings. */
export interface CloudParts {
    readonly deadLetters: DeadLetterSink;
    readonly scheduler: RetryScheduler;
    readonly idempotencyStore?: IdempotencyStore;
}

/** Assembles the shared worker loop from the function's settings and its cloud's parts. */
export function buildWorker(settings: WorkerSettings, process: ProcessFn, parts: CloudParts): RetryWorker {
    const idempotency = settings.idempotency;
    if (idempotency && !parts.idempotencyStore) throw new Error("idempotency is configured but no store was supplied");
    return new RetryWorker({
        process,
        policy: new RetryPolicy(settings),
        breaker: downstreamBreaker(settings.breaker),
        attemptTimeoutMs: settings.attemptTimeoutMs,
        deadLetters: parts.deadLetters,
        scheduler: parts.scheduler,
        ...(idempotency &&
            parts.idempotencyStore && {
                idempotency: new Idempotency(parts.idempotencyStore, {
                    scope: idempotency.scope,
                    ttlMs: idempotency.ttlMs,
                    inProgressMs: idempotency.inProgressMs,
                }),
                ...(idempotency.keyField !== undefined && { idempotencyKeyField: idempotency.keyField }),
            }),
    });
}
