/**
 * The cloud-neutral contracts every pattern handler is written against.
 * Runtime adapters in `handlers/runtimes/` turn each cloud's events into these.
 */

/** An HTTP function, on the WHATWG Fetch types built into Node. */
export type HttpHandler = (request: Request) => Promise<Response>;

/**
 * Header the runtime adapters always set on the request they hand to an {@link HttpHandler}:
 * the platform's own request id when the client sent none, so it can be passed downstream.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** One queued, streamed or change-feed message, whatever the cloud delivered it with. */
export interface Message {
    /** Id the cloud uses to report this message failed (SQS messageId, stream sequence number, ...). */
    readonly id: string;
    /** The payload as text (JSON for the patterns of this package). */
    readonly body: string;
    /** 1 on first delivery; the cloud's own delivery count after that. */
    readonly attempt: number;
    readonly receivedAt: Date;
    readonly attributes: Readonly<Record<string, string>>;
}

/** Handles a batch and returns the ids of the messages that failed (to be retried or dead-lettered). */
export type MessageBatchHandler = (messages: readonly Message[]) => Promise<string[]>;
