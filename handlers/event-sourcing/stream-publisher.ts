/**
 * AWS: the events table's stream records (INSERTs, handed over by an EventBridge Pipe) -> the
 * pattern's EventBridge bus, as the publisher function. The EventBridge event is the one the Pipe
 * used to put itself (`source`, `detail-type`, the stream record in `detail`), so consumers keep
 * reading `detail.dynamodb.NewImage`.
 *
 * A Pipe's own dead-letter queue gets only the batch's shard and sequence numbers, which the
 * stream forgets after 24 hours; so this function retries what EventBridge does not take and then
 * dead-letters each such record whole, as the entry to put again. Only when the dead letter
 * cannot be kept either does the record fail, and the Pipe retries the batch.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import { ExponentialBackoff, handleAll, IBackoffFactory, IRetryBackoffContext, retry } from "cockatiel";
import type { Message, MessageBatchHandler } from "../contracts";

/** One EventBridge entry, as PutEvents takes it (and as a dead letter keeps it for putting again). */
export interface BusEntry {
    readonly Source: string;
    readonly DetailType: string;
    readonly Detail: string;
    readonly EventBusName: string;
}

/** Puts the entries (at most 10) and returns why each refused one was refused, by its index. */
export type PutEntries = (entries: readonly BusEntry[]) => Promise<ReadonlyMap<number, string>>;

/** What a dead letter holds: everything needed to publish the event again. */
export interface PublishDeadLetter {
    /** The stream sequence number of the record. */
    readonly id: string;
    readonly reason: string;
    /** The entry to put again (it holds the whole stream record); absent when the record was not an event. */
    readonly entry?: BusEntry;
    /** Only for a record that was not an event: the record as the function received it. */
    readonly record?: string;
}

/** Keeps a dead letter; resolves only once it is stored. */
export type KeepDeadLetter = (letter: PublishDeadLetter) => Promise<void>;

export interface StreamPublisherOptions {
    readonly busName: string;
    readonly source: string;
    readonly detailType: string;
    /** Puts of the entries EventBridge did not take, first one included. @default 3 */
    readonly attempts?: number;
    /** @default exponential from 100 ms */
    readonly backoff?: IBackoffFactory<IRetryBackoffContext<unknown>>;
}

/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_MAX_ENTRIES = 10;

export function streamPublisher(put: PutEntries, keep: KeepDeadLetter, options: StreamPublisherOptions): MessageBatchHandler {
    const policy = retry(handleAll, {
        maxAttempts: (options.attempts ?? 3) - 1,
        backoff: options.backoff ?? new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }),
    });
    return async (messages: readonly Message[]) => {
        const letters: PublishDeadLetter[] = [];
        const pending: { message: Message; entry: BusEntry }[] = [];
        for (const message of messages) {
            const entry = entryOf(message, options);
            if (typeof entry === "string") letters.push({ id: message.id, reason: entry, record: message.body });
            else pending.push({ message, entry });
        }
        for (let start = 0; start < pending.length; start += PUT_EVENTS_MAX_ENTRIES) {
            let left = pending.slice(start, start + PUT_EVENTS_MAX_ENTRIES);
            const reasons = new Map<string, string>();
            try {
                await policy.execute(async () => {
                    const refused = await putOrRefuseAll(put, left);
                    left = left.filter(({ message }, i) => {
                        const reason = refused.get(i);
                        if (reason !== undefined) reasons.set(message.id, reason);
                        return reason !== undefined;
                    });
                    if (left.length > 0) throw new Error(`EventBridge did not take ${left.length} entries`);
                });
            } catch {
                for (const { message, entry } of left)
                    letters.push({ id: message.id, reason: reasons.get(message.id) ?? "not taken", entry });
            }
        }
        const failed: string[] = [];
        for (const letter of letters) {
            try {
                await keep(letter);
                console.error(JSON.stringify({ level: "error", msg: "event dead-lettered", id: letter.id, reason: letter.reason }));
            } catch (err) {
                // Not kept: the record must fail, or it would be lost.
                console.error(JSON.stringify({ level: "error", msg: "dead letter not kept", id: letter.id, error: String(err) }));
                failed.push(letter.id);
            }
        }
        return failed;
    };
}

/** A put that throws refuses every entry, with the error as the reason. */
async function putOrRefuseAll(put: PutEntries, batch: readonly { entry: BusEntry }[]): Promise<ReadonlyMap<number, string>> {
    try {
        return await put(batch.map((p) => p.entry));
    } catch (err) {
        return new Map(batch.map((_, i) => [i, String(err)]));
    }
}

/** lambdaDynamoDbStream's body, as the events table writes it. */
interface StreamChange {
    readonly eventName?: string;
    readonly keys?: Record<string, unknown>;
    readonly newImage?: Record<string, unknown>;
}

/** The EventBridge entry of a stream record, or why the record is not an event. */
function entryOf(message: Message, options: StreamPublisherOptions): BusEntry | string {
    let change: StreamChange;
    try {
        change = JSON.parse(message.body) as StreamChange;
    } catch (err) {
        return `not JSON: ${String(err)}`;
    }
    if (change.eventName !== "INSERT" || !change.newImage || !change.keys)
        return `not an inserted event: eventName ${JSON.stringify(change.eventName)}, ${change.newImage ? "with" : "without"} a new image`;
    const detail = {
        eventID: message.attributes.eventID,
        eventName: change.eventName,
        dynamodb: {
            ApproximateCreationDateTime: message.receivedAt.getTime() / 1000,
            Keys: marshall(change.keys),
            NewImage: marshall(change.newImage),
            SequenceNumber: message.id,
        },
    };
    return { Source: options.source, DetailType: options.detailType, Detail: JSON.stringify(detail), EventBusName: options.busName };
}
