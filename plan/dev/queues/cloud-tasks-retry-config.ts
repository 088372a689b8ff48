/**
 * When Cloud Tasks retries a failed HTTP task, by the queue's `retryConfig`, as the Cloud Tasks v2
 * RetryConfig reference documents it (https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues#retryconfig):
 * - `maxDoublings`: "A task's retry interval starts at min_backoff, then doubles max_doublings
 *   times, then increases linearly, and finally retries at intervals of max_backoff up to
 *   max_attempts times." Its example: min 10 s, max 300 s, 3 doublings retry at 10, 20, 40, 80,
 *   160, 240, 300, 300 s ... (the linear step is 2^max_doublings × min_backoff).
 * - `maxAttempts` counts the first attempt; -1 is unlimited. "Cloud Tasks stops retrying only when
 *   max_attempts and max_retry_duration are both satisfied"; a zero `maxRetryDuration` sets no
 *   age limit, so with -1 and 0 "the task is retried until the maximum task retention limit is reached".
 */

/** A queue's retryConfig, its durations in seconds. */
export interface CloudTasksRetryConfig {
    readonly maxAttempts: number;
    readonly minBackoffSeconds: number;
    readonly maxBackoffSeconds: number;
    readonly maxDoublings: number;
    /** 0: no age limit. */
    readonly maxRetryDurationSeconds: number;
}

/** The wait before retry number `retry` (1 for the retry after the first attempt), seconds. */
export function cloudTasksBackoffSeconds(config: CloudTasksRetryConfig, retry: number): number {
    const step = retry - 1;
    const doubled = config.minBackoffSeconds * 2 ** Math.min(step, config.maxDoublings);
    const linear = step > config.maxDoublings ? doubled * (step - config.maxDoublings) : 0;
    return Math.min(config.maxBackoffSeconds, doubled + linear);
}

/** Whether a task that has failed `attempts` times, first attempted `ageSeconds` ago, is attempted again. */
export function cloudTasksRetries(config: CloudTasksRetryConfig, attempts: number, ageSeconds: number): boolean {
    const attemptsSpent = config.maxAttempts !== -1 && attempts >= config.maxAttempts;
    const ageSpent = config.maxRetryDurationSeconds <= 0 || ageSeconds >= config.maxRetryDurationSeconds;
    return !(attemptsSpent && ageSpent);
}

/** A protobuf Duration as the REST API and the provider take it (`"1s"`, `"1.5s"`), in seconds. */
export function durationSeconds(value: string | undefined, fallback: number): number {
    if (value === undefined || value === "") return fallback;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(value);
    if (!match) throw new Error(`Cloud Tasks: a duration must look like "10s", got ${JSON.stringify(value)}`);
    return Number(match[1]);
}
