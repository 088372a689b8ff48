/**
 * How long the worker remembers a message it handled, by default: beside the other defaults in
 * resolve.ts, and in a module of its own so the cost plan's parent process (plan/patterns/retry.ts)
 * reads it without loading the component and @pulumi/pulumi.
 */
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 86_400;
