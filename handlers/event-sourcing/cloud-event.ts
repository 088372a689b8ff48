/**
 * The one shape committed events are published in on every cloud: a CloudEvents 1.0 envelope
 * (Event Grid's CloudEvents schema, a Pub/Sub message's data). Consumers dedupe on `id`.
 */
import { RecordedEvent } from "../stores/event-store/port";

export interface PublishedEvent {
    readonly specversion: "1.0";
    /** The event's id: a redelivery carries the same one. */
    readonly id: string;
    readonly source: string;
    readonly type: string;
    /** The stream id. */
    readonly subject: string;
    readonly time: string;
    readonly datacontenttype: "application/json";
    readonly data: {
        readonly stream: string;
        readonly version: number;
        readonly data: unknown;
        readonly metadata: Readonly<Record<string, unknown>>;
    };
}

export function toCloudEvent(source: string, e: RecordedEvent): PublishedEvent {
    return {
        specversion: "1.0",
        id: e.eventId,
        source,
        type: e.type,
        subject: e.stream,
        time: e.recordedAt.toISOString(),
        datacontenttype: "application/json",
        data: { stream: e.stream, version: e.version, data: e.data, metadata: e.metadata },
    };
}
