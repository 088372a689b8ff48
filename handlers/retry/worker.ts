import { IPolicy, timeout, TimeoutStrategy } from "cockatiel";
import { Message, MessageBatchHandler } from "../contracts";
import { Idempotency } from "../stores/idempotency/idempotency";
import { classifyError, Outcome } from "./classify";
import { PermanentError } from "./errors";
import { Decision, RetryPolicy } from "./policy";
import { DeadLetterSink, IDEMPOTENCY_KEY_ATTRIBUTE, PRIOR_ATTEMPTS_ATTRIBUTE, ProcessFn, RetryScheduler } from "./ports";

export interface WorkerDeps {
    readonly process: ProcessFn;
    readonly policy: RetryPolicy;
    /** The circuit breaker around `process` (handlers/retry/breaker.ts). */
    readonly breaker: IPolicy;
    /** Per-attempt limit, ms: past it the attempt counts as a transient timeout. */
    readonly attemptTimeoutMs: number;
    readonly deadLetters: DeadLetterSink;
    readonly scheduler: RetryScheduler;
    /** Absent when idempotency is switched off. */
    readonly idempotency?: Idempotency;
    /** Dotted path of the body field that is the idempotency key; else the producer's key, else the message id. */
    readonly idempotencyKeyField?: string;
    readonly log?: (entry: Record<string, unknown>) => void;
}

/** What happened to one message in one invocation. */
export interface Disposition {
    readonly id: string;
    readonly attempt: number;
    readonly decision: Decision;
    /** True when the cloud must redeliver this message (it is reported failed). */
    readonly failed: boolean;
}

/** The attempt number across re-enqueued copies: attempts before this copy plus this copy's delivery count. */
export function attemptOf(message: Message): number {
    const prior = Number(message.attributes[PRIOR_ATTEMPTS_ATTRIBUTE] ?? 0);
    return (Number.isInteger(prior) && prior > 0 ? prior : 0) + message.attempt;
}

function keyPartOf(message: Message, field: string | undefined): string {
    if (field === undefined) return message.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] ?? message.id;
    let value: unknown = JSON.parse(message.body);
    for (const step of field.split(".")) value = (value as Record<string, unknown> | null)?.[step];
    if (typeof value !== "string" && typeof value !== "number") {
        throw new PermanentError(
            `idempotency key field '${field}' must be a string or number in the message body, got ${JSON.stringify(value) ?? "undefined"}`,
        );
    }
    return String(value);
}

/**
 * The one worker loop every cloud runs: attempt, classify, then done / retry later / dead-letter.
 * Transient failures go back to the cloud with a full-jitter delay; permanent ones and the last
 * attempt go to the dead-letter sink with the reason. A message is only acknowledged once its
 * work is done or it is safely dead-lettered: a failing sink leaves it on the queue.
 */
export class RetryWorker {
    private readonly log: (entry: Record<string, unknown>) => void;

    constructor(private readonly deps: WorkerDeps) {
        this.log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
    }

    /** The neutral batch contract: runs the batch concurrently and returns the ids the cloud must redeliver. */
    readonly handleBatch: MessageBatchHandler = async (messages) => {
        const dispositions = await Promise.all(messages.map((m) => this.handle(m)));
        return dispositions.filter((d) => d.failed).map((d) => d.id);
    };

    async handle(message: Message): Promise<Disposition> {
        const attempt = attemptOf(message);
        const outcome =
            attempt > this.deps.policy.options.maxAttempts
                ? // The last attempt crashed, timed out before deciding, or could not dead-letter; do not call the downstream again.
                  ({
                      kind: "permanent",
                      reason: `delivered for attempt ${attempt} after the last allowed (${this.deps.policy.options.maxAttempts}); the last attempt did not finish or could not dead-letter`,
                  } as const)
                : await this.attempt(message, attempt);
        const decision = this.deps.policy.decide(outcome, attempt);
        return { id: message.id, attempt, decision, failed: await this.carryOut(message, attempt, decision) };
    }

    private async attempt(message: Message, attempt: number): Promise<Outcome> {
        // A limit per attempt, so its timeout event says which attempt ran out of time.
        const limit = timeout(this.deps.attemptTimeoutMs, TimeoutStrategy.Aggressive);
        let timedOut = false;
        limit.onTimeout(() => (timedOut = true));
        try {
            const run = () =>
                this.deps.breaker.execute(() => limit.execute(({ signal }) => this.deps.process(message, { attempt, signal })));
            if (this.deps.idempotency) {
                const part = keyPartOf(message, this.deps.idempotencyKeyField);
                const { replayed } = await this.deps.idempotency.run(part, async () => JSON.stringify((await run()) ?? null));
                if (replayed) this.log({ level: "info", msg: "duplicate delivery, already processed", messageId: message.id, attempt });
            } else {
                await run();
            }
            return { kind: "success" };
        } catch (err) {
            // Whatever the worker threw when its signal was aborted, the cause was the time limit.
            if (timedOut)
                return { kind: "transient", reason: `timed out after ${this.deps.attemptTimeoutMs} ms (${classifyError(err).reason})` };
            return classifyError(err);
        }
    }

    /** Returns whether the message must be reported failed. */
    private async carryOut(message: Message, attempt: number, decision: Decision): Promise<boolean> {
        switch (decision.action) {
            case "done":
                return false;
            case "dead-letter":
                try {
                    await this.deps.deadLetters.deadLetter(message, decision.reason, attempt);
                    this.log({ level: "error", msg: "dead-lettered", messageId: message.id, attempt, reason: decision.reason });
                    return false;
                } catch (err) {
                    this.log({
                        level: "error",
                        msg: "dead-letter sink failed; leaving the message on the queue",
                        messageId: message.id,
                        attempt,
                        reason: decision.reason,
                        error: String(err),
                    });
                    return true;
                }
            case "retry":
                this.log({
                    level: "warn",
                    msg: "will retry",
                    messageId: message.id,
                    attempt,
                    delayMs: decision.delayMs,
                    reason: decision.reason,
                });
                try {
                    return (await this.deps.scheduler.defer(message, decision.delayMs, attempt)).redelivers;
                } catch (err) {
                    // The cloud's own redelivery still happens, only without our delay.
                    this.log({
                        level: "warn",
                        msg: "could not set the retry delay; the queue's default applies",
                        messageId: message.id,
                        error: String(err),
                    });
                    return true;
                }
        }
    }
}
