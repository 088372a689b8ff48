/** Hands work to a queue; the cloud's producer clients (SQS, Service Bus, Cloud Tasks) implement it. */
export interface EnqueueOptions {
    /**
     * The caller's key for this piece of work: carried to the worker as the message's
     * idempotency key, and where the queue supports it, used to drop a repeated send.
     */
    readonly idempotencyKey?: string;
}

export interface Producer {
    /** Resolves once the queue has durably accepted the message, with its id. */
    enqueue(body: string, options?: EnqueueOptions): Promise<{ readonly messageId: string }>;
}

/** Message attribute / application property / header that carries the idempotency key to the worker. */
export const IDEMPOTENCY_KEY_ATTRIBUTE = "idempotency-key";
