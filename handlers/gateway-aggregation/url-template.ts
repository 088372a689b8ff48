/**
 * Backend URL templates: `{name}` placeholders filled from the route's path parameters
 * (the route itself is matched by the shared router, handlers/http/routes.ts).
 */

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The `{name}` placeholders of a URL template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
    return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Fills `{name}` placeholders with URL-encoded values; every placeholder must have a value. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
    return template.replace(PLACEHOLDER, (_whole, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`no value for placeholder '{${name}}' in '${template}'`);
        return encodeURIComponent(value);
    });
}
