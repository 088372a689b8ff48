/**
 * What the projector is fed, decoded from each source's message into one shape: a document change
 * of the write model (its state after the change), or an event an EventSourcing published.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Message } from "../contracts";
import type { JsonDocument } from "./command-module";
import type { ChangeSourceKind } from "./settings-document";

/** The write model's document after a write (a tombstone for a delete). */
export interface DocumentChange {
    readonly kind: "document";
    readonly id: string;
    readonly version: number;
    readonly deleted: boolean;
    readonly document: JsonDocument;
}

/** An event of an EventSourcing stream: the stream is the read document's id, its version the document's. */
export interface EventChange {
    readonly kind: "event";
    readonly id: string;
    readonly version: number;
    readonly type: string;
    readonly data: unknown;
}

export type Change = DocumentChange | EventChange;

/** Turns one message into its change; throws naming what was missing (the message then fails alone). */
export type ChangeDecoder = (message: Message) => Change;

export const CHANGE_DECODERS: Record<ChangeSourceKind, ChangeDecoder> = {
    "dynamodb-stream": (m) => documentChange(streamImage(m)),
    "cosmos-change-feed": (m) => documentChange(json(m)),
    "spanner-change-stream": (m) => spannerChange(json(m)),
    "event-sourcing": (m) => eventChange(json(m)),
};

/** The stored item shape every write-store adapter writes (handlers/stores/documents/*). */
export interface StoredItem {
    readonly id: string;
    readonly version: number;
    readonly deleted: boolean;
    /** The document as JSON text, so every store keeps it unchanged whatever its field names. */
    readonly body: string;
}

function documentChange(item: Record<string, unknown>): DocumentChange {
    const { id, version, deleted, body } = item;
    if (typeof id !== "string" || typeof version !== "number" || typeof body !== "string") {
        throw new TypeError(`not a stored document (id, version, deleted, body): ${JSON.stringify(item).slice(0, 200)}`);
    }
    return { kind: "document", id, version, deleted: deleted === true, document: JSON.parse(body) as JsonDocument };
}

/** lambdaDynamoDbStream's body: `{eventName, keys, newImage, oldImage}` with plain values. */
function streamImage(message: Message): Record<string, unknown> {
    const record = json(message) as { eventName?: string; newImage?: Record<string, unknown> };
    if (record.newImage === undefined) {
        // Items are never removed by a command (deletes are tombstones); a REMOVE is the tombstone's TTL expiring.
        throw new TypeError(
            `stream record ${message.id} (${record.eventName}) has no new image; the table's stream must be NEW_AND_OLD_IMAGES`,
        );
    }
    return record.newImage;
}

/**
 * A record of Google's Spanner change streams to Pub/Sub template: a DataChangeRecord as JSON,
 * whose `mods` carry `keysJson` and `newValuesJson` (value capture NEW_ROW). The row's columns are
 * the stored item's (spanner.ts).
 */
function spannerChange(record: Record<string, unknown>): DocumentChange {
    const mods = record.mods as { keysJson?: string; newValuesJson?: string }[] | undefined;
    if (!Array.isArray(mods) || mods.length !== 1) {
        throw new TypeError(`a Spanner data change record with one mod was expected, got ${JSON.stringify(record).slice(0, 200)}`);
    }
    const keys = JSON.parse(mods[0].keysJson ?? "{}") as Record<string, unknown>;
    const values = JSON.parse(mods[0].newValuesJson ?? "{}") as Record<string, unknown>;
    return documentChange({ id: keys.Id, version: Number(values.Version), deleted: values.Deleted, body: values.Body });
}

/**
 * An EventSourcing event, as each cloud delivers it: a CloudEvent (Event Grid, Pub/Sub;
 * handlers/event-sourcing/cloud-event.ts) or the EventBridge event its AWS Pipe puts (the
 * table's stream record in `detail`).
 */
function eventChange(message: Record<string, unknown>): EventChange {
    if (message.specversion === "1.0") {
        const data = message.data as { stream?: unknown; version?: unknown; data?: unknown };
        return checkedEvent(data.stream, data.version, message.type, data.data);
    }
    const detail = message.detail as { dynamodb?: { NewImage?: Parameters<typeof unmarshall>[0] } } | undefined;
    const image = detail?.dynamodb?.NewImage;
    if (image === undefined)
        throw new TypeError(`neither a CloudEvent nor an EventBridge stream event: ${JSON.stringify(message).slice(0, 200)}`);
    const item = unmarshall(image) as { streamId?: unknown; version?: unknown; type?: unknown; data?: unknown };
    return checkedEvent(item.streamId, item.version, item.type, typeof item.data === "string" ? JSON.parse(item.data) : item.data);
}

function checkedEvent(stream: unknown, version: unknown, type: unknown, data: unknown): EventChange {
    if (typeof stream !== "string" || typeof version !== "number" || typeof type !== "string") {
        throw new TypeError(`an event needs a stream id, a version and a type, got ${JSON.stringify({ stream, version, type })}`);
    }
    return { kind: "event", id: stream, version, type, data };
}

function json(message: Message): Record<string, unknown> {
    const value: unknown = JSON.parse(message.body);
    if (typeof value !== "object" || value === null || Array.isArray(value))
        throw new TypeError(`message ${message.id} is not a JSON object`);
    return value as Record<string, unknown>;
}
