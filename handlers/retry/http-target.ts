/**
 * The worker used when the component is given a `targetUrl` instead of a `workerModule`: each
 * message body is POSTed to the target, with its idempotency key, and the response classified.
 */
import { Message } from "../contracts";
import { atColdStart } from "../cold-start";
import { readFunctionConfig } from "../config";
import { classifyResponse } from "./classify";
import { DownstreamStatusError } from "./errors";
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "./ports";

const target = atColdStart(() => readFunctionConfig((s) => s.string("targetUrl")));

/** POSTs one message to `url`; resolves with the response body on 2xx, throws DownstreamStatusError otherwise. */
export async function deliver(url: string, message: Message, signal: AbortSignal): Promise<unknown> {
    const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": message.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] ?? message.id },
        body: message.body,
        signal,
    });
    const text = await response.text();
    const outcome = classifyResponse(response);
    if (outcome.kind !== "success") {
        throw new DownstreamStatusError(
            response.status,
            outcome.kind === "transient" ? outcome.retryAfterMs : undefined,
            text.slice(0, 200),
        );
    }
    return { status: response.status };
}

export function process(message: Message, context: { signal: AbortSignal }): Promise<unknown> {
    return deliver(target(), message, context.signal);
}
