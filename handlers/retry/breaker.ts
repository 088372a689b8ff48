import { circuitBreaker, CircuitBreakerPolicy, ConsecutiveBreaker, handleWhen } from "cockatiel";
import { classifyError } from "./classify";

export interface BreakerOptions {
    /** Consecutive transient failures that open the circuit. */
    readonly consecutiveFailures: number;
    /** How long the circuit stays open before one trial call, ms. */
    readonly halfOpenAfterMs: number;
}

/**
 * A circuit breaker around the downstream call, one per function instance. Only transient
 * failures count: a permanent error says the message is bad, not that the downstream is down.
 * While open, calls fail fast with BrokenCircuitError, which the worker classifies as transient,
 * so the message goes back to the queue for a later attempt instead of hammering the outage.
 */
export function downstreamBreaker(options: BreakerOptions): CircuitBreakerPolicy {
    return circuitBreaker(
        handleWhen((err) => classifyError(err).kind === "transient"),
        { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.consecutiveFailures) },
    );
}
