/** How the read document's own fields and the projector's bookkeeping fields are laid out in every store. */
import { DELETED_FIELD, VERSION_FIELD } from "../../cqrs/settings-document";
import type { ReadDocument } from "./port";

/** The stored record of a read document: its fields, plus the version and tombstone flag. */
export function storedRecord(document: ReadDocument): Record<string, unknown> {
    return { ...document.document, [VERSION_FIELD]: document.version, [DELETED_FIELD]: document.deleted };
}

/** A stored record back as a read document; `id` is the document's id however the store keys it. */
export function fromRecord(id: string, record: Record<string, unknown>, fields: readonly string[]): ReadDocument {
    const document: Record<string, unknown> = {};
    for (const field of fields) if (record[field] !== undefined && record[field] !== null) document[field] = record[field];
    return { id, version: Number(record[VERSION_FIELD]), deleted: record[DELETED_FIELD] === true, document };
}
