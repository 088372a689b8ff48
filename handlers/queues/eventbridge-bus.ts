import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { PutEntries } from "../event-sourcing/stream-publisher";

/**
 * PutEvents on the bus. EventBridge answers 200 with a failed count when it refuses some entries:
 * each result at an entry's index carries its own ErrorCode, and those are the ones to put again.
 */
export function eventBridgePut(client: Pick<EventBridgeClient, "send">): PutEntries {
    return async (entries) => {
        const { FailedEntryCount, Entries } = await client.send(new PutEventsCommand({ Entries: entries.map((e) => ({ ...e })) }));
        const refused = new Map<number, string>();
        if (!FailedEntryCount) return refused;
        entries.forEach((_, i) => {
            const result = Entries?.[i];
            if (!result?.EventId) refused.set(i, `${result?.ErrorCode ?? "NoResult"}: ${result?.ErrorMessage ?? "no event id"}`);
        });
        return refused;
    };
}
