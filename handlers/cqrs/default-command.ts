/** The built-in command module: PUT stores the document as sent, PATCH merges it (RFC 7396), DELETE deletes. */
import type { Command, JsonDocument } from "./command-module";

export function decide(command: Command, current: JsonDocument | undefined): JsonDocument | null {
    switch (command.kind) {
        case "put":
            return command.body ?? {};
        case "patch":
            return mergePatch(current ?? {}, command.body ?? {});
        case "delete":
            return null;
    }
}

/** JSON Merge Patch (RFC 7396 section 2): null removes a member, objects merge, anything else replaces. */
export function mergePatch(target: JsonDocument, patch: JsonDocument): JsonDocument {
    const result: Record<string, unknown> = { ...target };
    for (const [name, value] of Object.entries(patch)) {
        if (value === null) delete result[name];
        else if (isObject(value)) result[name] = mergePatch(isObject(result[name]) ? (result[name] as JsonDocument) : {}, value);
        else result[name] = value;
    }
    return result;
}

function isObject(value: unknown): value is JsonDocument {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
