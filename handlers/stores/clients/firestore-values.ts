/**
 * Firestore's REST `Value` (https://firebase.google.com/docs/firestore/reference/rest/v1/Value)
 * to and from plain JavaScript, as @google-cloud/firestore converts them, so documents either one
 * wrote read the same: a safe integer is an `integerValue`, any other number a `doubleValue`, a
 * Date a `timestampValue`; an undefined field is left out (the SDK's `ignoreUndefinedProperties`).
 */

/** A field's value as the stores write and read it. */
export type FieldValue =
    null | boolean | number | string | Date | readonly FieldValue[] | { readonly [field: string]: FieldValue | undefined };

/** A document's fields. */
export type DocumentData = { readonly [field: string]: FieldValue | undefined };

/** The REST encoding of one value. */
export type RestValue =
    | { readonly nullValue: null }
    | { readonly booleanValue: boolean }
    | { readonly integerValue: string }
    | { readonly doubleValue: number }
    | { readonly timestampValue: string }
    | { readonly stringValue: string }
    | { readonly arrayValue: { readonly values?: readonly RestValue[] } }
    | { readonly mapValue: { readonly fields?: Readonly<Record<string, RestValue>> } };

export type RestFields = Readonly<Record<string, RestValue>>;

export function toRestValue(value: FieldValue): RestValue {
    if (value === null) return { nullValue: null };
    if (typeof value === "boolean") return { booleanValue: value };
    if (typeof value === "number") return Number.isSafeInteger(value) ? { integerValue: String(value) } : { doubleValue: value };
    if (typeof value === "string") return { stringValue: value };
    if (value instanceof Date) return { timestampValue: value.toISOString() };
    if (Array.isArray(value)) return { arrayValue: { values: value.map(toRestValue) } };
    return { mapValue: { fields: toRestFields(value as DocumentData) } };
}

export function toRestFields(data: DocumentData): RestFields {
    return Object.fromEntries(Object.entries(data).flatMap(([field, value]) => (value === undefined ? [] : [[field, toRestValue(value)]])));
}

/**
 * A value as JavaScript: integers as numbers (the SDK's default), timestamps as Dates (at the
 * millisecond, what a Date keeps), bytes and references as their strings, geo points as objects.
 */
export function fromRestValue(value: RestValue | Record<string, unknown>): FieldValue {
    const v = value as Record<string, unknown>;
    if ("integerValue" in v) return Number(v.integerValue);
    if ("doubleValue" in v) return Number(v.doubleValue);
    if ("timestampValue" in v) return new Date(v.timestampValue as string);
    if ("stringValue" in v) return v.stringValue as string;
    if ("booleanValue" in v) return v.booleanValue as boolean;
    if ("arrayValue" in v) return ((v.arrayValue as { values?: RestValue[] }).values ?? []).map(fromRestValue);
    if ("mapValue" in v) return fromRestFields((v.mapValue as { fields?: RestFields }).fields);
    if ("bytesValue" in v) return v.bytesValue as string;
    if ("referenceValue" in v) return v.referenceValue as string;
    if ("geoPointValue" in v) return v.geoPointValue as { latitude: number; longitude: number };
    return null;
}

export function fromRestFields(fields: RestFields | undefined): { [field: string]: FieldValue } {
    return Object.fromEntries(Object.entries(fields ?? {}).map(([field, value]) => [field, fromRestValue(value)]));
}
