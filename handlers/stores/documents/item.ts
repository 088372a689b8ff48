/**
 * The one stored shape of a write-model document on every store: `{id, version, deleted, body}`,
 * the document kept as JSON text so any field names and nesting survive each store unchanged.
 * The change decoders (handlers/cqrs/changes.ts) read the same shape back from each change stream.
 */
import type { StoredItem } from "../../cqrs/changes";
import { NextDocument, StoredDocument, storedDocument } from "./port";

export function toItem(id: string, next: NextDocument, version: number): StoredItem {
    return { id, version, deleted: next.deleted, body: JSON.stringify(next.deleted ? {} : next.document) };
}

export function fromItem(item: { id: unknown; version: unknown; deleted?: unknown; body?: unknown }): StoredDocument {
    const deleted = item.deleted === true;
    const next: NextDocument = deleted
        ? { deleted }
        : { deleted, document: JSON.parse(String(item.body ?? "{}")) as Record<string, unknown> };
    return storedDocument(String(item.id), next, Number(item.version));
}
