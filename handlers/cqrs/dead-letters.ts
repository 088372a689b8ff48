/**
 * For triggers without a dead-letter destination (the Cosmos DB change feed retries a failed batch
 * without end): a change that failed `maxAttempts` deliveries is written to a sink with why, and
 * acknowledged, so one poison change cannot hold back every change after it.
 */
import type { Message, MessageBatchHandler } from "../contracts";

export type DeadLetterSink = (messages: readonly Message[]) => Promise<void>;

export function withDeadLetters(projector: MessageBatchHandler, maxAttempts: number, sink: DeadLetterSink | undefined): MessageBatchHandler {
    if (sink === undefined) return projector;
    return async (messages) => {
        const failed = new Set(await projector(messages));
        const poison = messages.filter((m) => failed.has(m.id) && m.attempt >= maxAttempts);
        if (poison.length === 0) return [...failed];
        await sink(poison);
        console.error(`projector: ${poison.length} change(s) failed ${maxAttempts} deliveries and were dead-lettered: ${poison.map((m) => m.id).join(", ")}`);
        poison.forEach((m) => failed.delete(m.id));
        return [...failed];
    };
}
