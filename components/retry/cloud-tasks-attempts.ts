/**
 * The attempts a Retry's Cloud Tasks queue makes per task: unlimited. Cloud Tasks has no
 * dead-letter queue; a task out of attempts is deleted. With a bounded count, a dead-letter topic
 * that refused the worker's publish for longer than the attempts left would lose the message. So
 * the queue never gives up (`maxAttempts: -1` with `maxRetryDuration: 0s`: "the task is retried
 * until the maximum task retention limit is reached", Cloud Tasks v2 RetryConfig reference) and
 * the worker alone ends a task: it answers 2xx once the work is done or the message is published
 * to the dead-letter topic. From the attempt after `maxAttempts` on it never calls the downstream
 * again, only retries the publish (at the queue's maxBackoff), so the sink being down costs one
 * publish per backoff and nothing is lost before the retention limit.
 */
export const CLOUD_TASKS_MAX_ATTEMPTS = -1;
