/** The inputs of a resource worth showing beside the diagram: settings, wiring, limits; not tags, code or documents. */

/** Inputs that say nothing about how the resource behaves, or are too large to read. */
const SKIPPED = /^(tags|labels|code|source|description|displayName)$/;
const MAX_VALUE = 120;
const MAX_ENTRIES = 18;

/**
 * Dotted paths and values of the scalar inputs, JSON strings (settings documents) opened: the
 * shallowest first (memory, timeout before a setting deep in a document), at most MAX_ENTRIES.
 */
export function inputsThatMatter(inputs: Readonly<Record<string, unknown>>): [string, string][] {
    const found: [string, string][] = [];
    const walk = (value: unknown, path: string, depth: number) => {
        if (found.length >= 10 * MAX_ENTRIES || value === undefined || value === null) return;
        if (typeof value === "string") {
            const parsed = jsonObject(value);
            if (parsed && depth < 6) walk(parsed, path, depth + 1);
            else if (value.length <= MAX_VALUE && !value.startsWith("[")) found.push([path, value]);
            return;
        }
        if (typeof value === "number" || typeof value === "boolean") return void found.push([path, String(value)]);
        if (typeof value !== "object" || depth >= 6 || "__pulumiArchive" in value || "__pulumiAsset" in value) return;
        for (const [k, v] of Object.entries(value)) {
            if (depth === 0 && SKIPPED.test(k)) continue;
            walk(v, path ? `${path}.${k}` : k, depth + 1);
        }
    };
    walk(inputs, "", 0);
    const depth = (path: string) => path.split(".").length;
    return found.sort((a, b) => depth(a[0]) - depth(b[0])).slice(0, MAX_ENTRIES);
}

function jsonObject(s: string): object | undefined {
    if (!s.startsWith("{") && !s.startsWith("[{")) return undefined;
    try {
        const v: unknown = JSON.parse(s);
        return typeof v === "object" && v !== null ? v : undefined;
    } catch {
        return undefined;
    }
}
