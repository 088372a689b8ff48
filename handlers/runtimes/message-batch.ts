/**
 * Runs a {@link MessageBatchHandler} the way every message adapter needs it: a handler that
 * throws, or reports ids that were not in the batch, fails the whole batch, so no message is
 * acknowledged without having been handled.
 */
import { Message, MessageBatchHandler } from "../contracts";

/** A delivered record the adapter could not turn into a {@link Message}; it fails on its own. */
export interface UnreadableRecord {
    readonly id: string;
    readonly error: unknown;
}

/** The ids to report as failed: the handler's, plus every unreadable record. */
export async function failedMessageIds(
    handler: MessageBatchHandler,
    messages: readonly Message[],
    unreadable: readonly UnreadableRecord[] = [],
): Promise<string[]> {
    for (const record of unreadable) console.error(`message ${record.id} could not be read:`, record.error);
    const unreadableIds = unreadable.map((r) => r.id);
    if (messages.length === 0) return unreadableIds;
    const allIds = messages.map((m) => m.id);
    let failed: string[];
    try {
        failed = await handler(messages);
    } catch (err) {
        console.error(`handler failed; all ${messages.length} messages of the batch will be retried:`, err);
        return [...allIds, ...unreadableIds];
    }
    const known = new Set(allIds);
    const unknown = failed.filter((id) => !known.has(id));
    if (unknown.length > 0) {
        console.error(`handler reported ids not in the batch (${unknown.join(", ")}); failing the whole batch`);
        return [...allIds, ...unreadableIds];
    }
    return [...new Set(failed), ...unreadableIds];
}

/** Reads each record into a message, keeping the ones that cannot be read apart instead of failing all. */
export function readRecords<R>(
    records: readonly R[],
    idOf: (record: R) => string,
    read: (record: R) => Message,
): { messages: Message[]; unreadable: UnreadableRecord[] } {
    const messages: Message[] = [];
    const unreadable: UnreadableRecord[] = [];
    for (const record of records) {
        try {
            messages.push(read(record));
        } catch (error) {
            unreadable.push({ id: idOf(record), error });
        }
    }
    return { messages, unreadable };
}
