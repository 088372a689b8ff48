/**
 * GCP: Firestore event documents -> Pub/Sub, as the publisher function behind an Eventarc
 * `document.v1.created` trigger on `{collection}/{stream}/events/{version}`. Publishing from the
 * committed document (not from the command request) means an event is published iff it is stored.
 * A failed publish fails the message, so Eventarc retries it.
 */
import type { Message, MessageBatchHandler } from "../contracts";
import type { PlainValue } from "../runtimes/firestore-event-data";
import { RecordedEvent } from "../stores/event-store/port";

export type PublishEvents = (events: readonly RecordedEvent[]) => Promise<void>;

export function firestorePublisher(publish: PublishEvents): MessageBatchHandler {
    return async (messages: readonly Message[]) => {
        const failed: string[] = [];
        for (const message of messages) {
            try {
                const event = fromEventMessage(message);
                if (event) await publish([event]);
            } catch (err) {
                console.error(`event document ${message.attributes.document ?? message.id} was not published:`, err);
                failed.push(message.id);
            }
        }
        return failed;
    };
}

interface EventDocumentFields {
    readonly version: number;
    readonly eventId: string;
    readonly type: string;
    readonly data: string;
    readonly metadata: string;
    readonly recordedAt: string;
}

/** The event a created event document holds; undefined for a deletion (nothing to publish). */
export function fromEventMessage(message: Message): RecordedEvent | undefined {
    const { value } = JSON.parse(message.body) as { value?: { name: string; fields: Record<string, PlainValue> } };
    if (!value) return undefined;
    const fields = value.fields as unknown as EventDocumentFields;
    for (const [field, type] of [
        ["version", "number"],
        ["eventId", "string"],
        ["type", "string"],
        ["data", "string"],
        ["metadata", "string"],
        ["recordedAt", "string"],
    ] as const) {
        if (typeof fields[field] !== type)
            throw new Error(`document ${value.name} is not an event document: field '${field}' is not a ${type}`);
    }
    return {
        stream: streamOf(value.name),
        version: fields.version,
        eventId: fields.eventId,
        type: fields.type,
        data: JSON.parse(fields.data),
        metadata: JSON.parse(fields.metadata),
        recordedAt: new Date(fields.recordedAt),
    };
}

/** `projects/p/databases/d/documents/{collection}/{stream}/events/{version}` -> the stream id (document ids are URI-encoded). */
function streamOf(name: string): string {
    const path = name.split("/documents/")[1]?.split("/") ?? [];
    if (path.length !== 4 || path[2] !== "events")
        throw new Error(`document ${name} is not an event document ({collection}/{stream}/events/{version})`);
    return decodeURIComponent(path[1]);
}
