/**
 * The GCP adapter for Eventarc Firestore document events. A module of its own so that only the
 * functions with this trigger carry the protobuf decoder.
 */
import type { CloudEvent } from "@google-cloud/functions-framework";
import { MessageBatchHandler } from "../contracts";
import { decodeDocumentEvent } from "./firestore-event-data";
import { failedMessageIds } from "./message-batch";

/** The extension attributes Eventarc sets on a Firestore document event. */
export interface FirestoreEventAttributes {
    /** The document's path in its database, e.g. `streams/a/events/0000000001`. */
    readonly document?: string;
    readonly database?: string;
}

/**
 * Wraps a {@link MessageBatchHandler} as a CloudEvent function for Eventarc Firestore document
 * events (one event per message). The framework hands over the protobuf `DocumentEventData` as
 * the raw body; the message body is it decoded to JSON, `{value?, oldValue?}` (see
 * firestore-event-data.ts), and its id the CloudEvent id, which a redelivery keeps. A failure
 * throws, so Eventarc retries the event (with the trigger's retry policy RETRY).
 */
export function gcpFirestoreDocument(
    handler: MessageBatchHandler,
): (event: CloudEvent<unknown> & FirestoreEventAttributes) => Promise<void> {
    return async (event) => {
        if (!(event.data instanceof Uint8Array)) {
            throw new Error(
                `CloudEvent ${event.id} of type ${event.type} carries no protobuf DocumentEventData (datacontenttype ${event.datacontenttype ?? "unset"})`,
            );
        }
        const attributes: Record<string, string> = { type: event.type };
        if (event.document !== undefined) attributes.document = event.document;
        if (event.database !== undefined) attributes.database = event.database;
        const failed = await failedMessageIds(handler, [
            {
                id: event.id,
                body: JSON.stringify(decodeDocumentEvent(event.data)),
                attempt: 1,
                receivedAt: event.time ? new Date(event.time) : new Date(),
                attributes,
            },
        ]);
        if (failed.length > 0)
            throw new Error(`Firestore event ${event.id} (${event.document ?? event.subject}) failed; Eventarc will retry it`);
    };
}
