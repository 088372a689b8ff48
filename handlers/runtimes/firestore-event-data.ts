/**
 * Decodes the payload of an Eventarc Firestore event: `google.events.cloud.firestore.v1.DocumentEventData`,
 * delivered protobuf-encoded (Cloud Functions gen2 triggers cannot ask for JSON). The schema below
 * is the subset of that message this package reads; its field numbers are those of
 * google-cloudevents' data.proto, which mirror `google.firestore.v1.Document` / `Value`, so
 * fields it leaves out are skipped, never misread.
 */
import { Root, Type } from "protobufjs/light";

/** A Firestore value as plain JSON: timestamps as ISO 8601 strings, integers as numbers, bytes as base64. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [field: string]: PlainValue };

/** A document of the event, its fields as plain JSON. */
export interface EventDocument {
    /** `projects/{p}/databases/{d}/documents/{path}`. */
    readonly name: string;
    readonly fields: Record<string, PlainValue>;
}

export interface DocumentEvent {
    /** Absent for a deleted document. */
    readonly value?: EventDocument;
    /** Absent for a created document. */
    readonly oldValue?: EventDocument;
}

const timestamp = { fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } } };

const SCHEMA = {
    nested: {
        Timestamp: timestamp,
        LatLng: { fields: { latitude: { type: "double", id: 1 }, longitude: { type: "double", id: 2 } } },
        Value: {
            oneofs: {
                valueType: {
                    oneof: [
                        "nullValue",
                        "booleanValue",
                        "integerValue",
                        "doubleValue",
                        "timestampValue",
                        "stringValue",
                        "bytesValue",
                        "referenceValue",
                        "geoPointValue",
                        "arrayValue",
                        "mapValue",
                    ],
                },
            },
            fields: {
                nullValue: { type: "int32", id: 11 },
                booleanValue: { type: "bool", id: 1 },
                integerValue: { type: "int64", id: 2 },
                doubleValue: { type: "double", id: 3 },
                timestampValue: { type: "Timestamp", id: 10 },
                stringValue: { type: "string", id: 17 },
                bytesValue: { type: "bytes", id: 18 },
                referenceValue: { type: "string", id: 5 },
                geoPointValue: { type: "LatLng", id: 8 },
                arrayValue: { type: "ArrayValue", id: 9 },
                mapValue: { type: "MapValue", id: 6 },
            },
        },
        ArrayValue: { fields: { values: { rule: "repeated", type: "Value", id: 1 } } },
        MapValue: { fields: { fields: { keyType: "string", type: "Value", id: 1 } } },
        Document: { fields: { name: { type: "string", id: 1 }, fields: { keyType: "string", type: "Value", id: 2 } } },
        DocumentEventData: { fields: { value: { type: "Document", id: 1 }, oldValue: { type: "Document", id: 2 } } },
    },
};
const DOCUMENT_EVENT_DATA: Type = Root.fromJSON(SCHEMA).lookupType("DocumentEventData");

interface RawValue {
    valueType?: string;
    nullValue?: number;
    booleanValue?: boolean;
    integerValue?: string;
    doubleValue?: number;
    timestampValue?: { seconds?: string; nanos?: number };
    stringValue?: string;
    bytesValue?: string;
    referenceValue?: string;
    geoPointValue?: { latitude?: number; longitude?: number };
    arrayValue?: { values?: RawValue[] };
    mapValue?: { fields?: Record<string, RawValue> };
}

interface RawDocument {
    name?: string;
    fields?: Record<string, RawValue>;
}

/** Throws naming the problem when `payload` is not a DocumentEventData. */
export function decodeDocumentEvent(payload: Uint8Array): DocumentEvent {
    const raw = DOCUMENT_EVENT_DATA.toObject(DOCUMENT_EVENT_DATA.decode(payload), { longs: String, bytes: String, oneofs: true }) as {
        value?: RawDocument;
        oldValue?: RawDocument;
    };
    return { value: raw.value && plainDocument(raw.value), oldValue: raw.oldValue && plainDocument(raw.oldValue) };
}

function plainDocument(doc: RawDocument): EventDocument {
    return { name: doc.name ?? "", fields: plainFields(doc.fields) };
}

function plainFields(fields: Record<string, RawValue> | undefined): Record<string, PlainValue> {
    return Object.fromEntries(Object.entries(fields ?? {}).map(([name, value]) => [name, plainValue(value)]));
}

function plainValue(value: RawValue): PlainValue {
    switch (value.valueType) {
        case "booleanValue":
            return value.booleanValue!;
        case "integerValue":
            return Number(value.integerValue);
        case "doubleValue":
            return value.doubleValue!;
        case "timestampValue": {
            const { seconds = "0", nanos = 0 } = value.timestampValue!;
            // Millisecond precision, what a JavaScript Date (and the event store) keeps.
            return new Date(Number(seconds) * 1000 + Math.floor(nanos / 1e6)).toISOString();
        }
        case "stringValue":
            return value.stringValue!;
        case "bytesValue":
            return value.bytesValue!;
        case "referenceValue":
            return value.referenceValue!;
        case "geoPointValue":
            return { latitude: value.geoPointValue!.latitude ?? 0, longitude: value.geoPointValue!.longitude ?? 0 };
        case "arrayValue":
            return (value.arrayValue!.values ?? []).map(plainValue);
        case "mapValue":
            return plainFields(value.mapValue!.fields);
        default:
            return null;
    }
}
