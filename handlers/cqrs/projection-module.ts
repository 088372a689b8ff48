/**
 * The projection module: a change of the write model (or an event of an EventSourcing) and the
 * read document as it stands -> the next read document, or null to delete it. Users supply their
 * own as `projectionModule`; default-projection.ts keeps the declared fields of the document.
 */
import type { Change } from "./changes";
import type { JsonDocument } from "./command-module";

export interface ProjectionModule {
    project(change: Change, current: JsonDocument | undefined): JsonDocument | null | Promise<JsonDocument | null>;
}

export function asProjectionModule(module: Record<string, unknown>, source: string): ProjectionModule {
    if (typeof module.project !== "function") {
        throw new Error(`${source} must export a function project(change, current), got ${typeof module.project}`);
    }
    return { project: module.project as ProjectionModule["project"] };
}
