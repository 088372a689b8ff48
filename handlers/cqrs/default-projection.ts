/**
 * The built-in projection: a document change is the document as it is; an event merges its data
 * (an object) into the read document. The projector then keeps only the read model's fields.
 */
import type { Change } from "./changes";
import type { JsonDocument } from "./command-module";

export function project(change: Change, current: JsonDocument | undefined): JsonDocument | null {
    if (change.kind === "document") return change.deleted ? null : change.document;
    const data = change.data;
    if (typeof data !== "object" || data === null || Array.isArray(data)) return current ?? {};
    return { ...current, ...(data as JsonDocument) };
}
