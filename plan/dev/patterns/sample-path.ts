/** A route key's path with each `{param}` filled by a sample value, for smoke calls. */
export function samplePath(routeKey: string, value = "1"): { method: string; path: string } {
    const [method, template] = routeKey.split(" ");
    return { method, path: template.replace(/\{[^}]+\}/g, value) };
}

/** The URL with its scheme and host replaced by `base` (path and `{param}` placeholders kept). */
export function rebase(url: string, base: string): string {
    return url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, base);
}
