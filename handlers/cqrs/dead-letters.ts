/**
 * For triggers without a dead-letter destination the component can set (the Cosmos DB change feed
 * retries a failed batch without end; an Eventarc Pub/Sub trigger retries until Eventarc gives up):
 * a change that failed `maxAttempts` deliveries, or is older than `maxAgeSeconds`, is written to a
 * sink and acknowledged, so one poison change cannot hold back the changes after it.
 */
import type { Message, MessageBatchHandler } from "../contracts";
import type { DeadLetterPolicyDocument } from "./settings-document";

export type DeadLetterSink = (messages: readonly Message[]) => Promise<void>;

export function withDeadLetters(
    projector: MessageBatchHandler,
    policy: DeadLetterPolicyDocument,
    sink: DeadLetterSink | undefined,
    now: () => Date = () => new Date(),
): MessageBatchHandler {
    if (sink === undefined) return projector;
    const givenUp = (m: Message) =>
        (policy.maxAttempts !== undefined && m.attempt >= policy.maxAttempts) ||
        (policy.maxAgeSeconds !== undefined && now().getTime() - m.receivedAt.getTime() >= policy.maxAgeSeconds * 1000);
    return async (messages) => {
        const failed = new Set(await projector(messages));
        const poison = messages.filter((m) => failed.has(m.id) && givenUp(m));
        if (poison.length === 0) return [...failed];
        await sink(poison);
        console.error(`projector: ${poison.length} change(s) were given up on and dead-lettered: ${poison.map((m) => m.id).join(", ")}`);
        poison.forEach((m) => failed.delete(m.id));
        return [...failed];
    };
}
