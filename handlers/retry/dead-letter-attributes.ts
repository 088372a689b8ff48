import { Message } from "../contracts";
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "./ports";

/** What every dead-lettered message carries, on every cloud, so an operator can see why and replay it. */
export function deadLetterAttributes(message: Message, reason: string, attempt: number): Record<string, string> {
    return {
        "dead-letter-reason": reason.slice(0, 1024),
        "original-message-id": message.id,
        attempts: String(attempt),
        "first-received-at": message.receivedAt.toISOString(),
        [IDEMPOTENCY_KEY_ATTRIBUTE]: message.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] ?? message.id,
    };
}
