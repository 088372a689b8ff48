/**
 * A small router for neutral route keys (`GET /orders/{id}`), shared by the HTTP patterns.
 * Literal segments match exactly; `{name}` matches one non-empty segment, URL-decoded.
 */

/** The route key a request matched and the values of its `{name}` segments. */
export interface RouteMatch<T> {
    readonly key: string;
    readonly value: T;
    readonly params: Readonly<Record<string, string>>;
}

/** No route matched: either no path matches (404), or the path matches but not the method (405). */
export interface RouteMiss {
    readonly status: 404 | 405;
    /** Methods the path accepts, for the `Allow` header of a 405. */
    readonly allow: readonly string[];
}

interface CompiledRoute<T> {
    readonly key: string;
    readonly method: string;
    readonly segments: readonly string[];
    readonly value: T;
}

const ROUTE_KEY = /^([A-Z]+) (\/\S*)$/;

/** Splits `METHOD /path` into its parts; throws naming the key and the expected form. */
export function parseRouteKey(key: string): { method: string; path: string; params: string[] } {
    const m = ROUTE_KEY.exec(key);
    if (!m) throw new Error(`route '${key}' must be 'METHOD /path' with an upper-case method, e.g. 'GET /orders/{id}'`);
    return {
        method: m[1],
        path: m[2],
        params: splitPath(m[2])
            .filter(isParam)
            .map((s) => s.slice(1, -1)),
    };
}

function splitPath(path: string): string[] {
    return path.split("/").filter((s) => s !== "");
}

function isParam(segment: string): boolean {
    return segment.startsWith("{") && segment.endsWith("}");
}

export class Router<T> {
    private readonly routes: CompiledRoute<T>[];

    /** `routes`: route key -> the value a match returns. Literal routes win over parameterised ones. */
    constructor(routes: Readonly<Record<string, T>>) {
        this.routes = Object.entries(routes)
            .map(([key, value]) => {
                const { method, path } = parseRouteKey(key);
                return { key, method, segments: splitPath(path), value };
            })
            // More literal segments first, so `/orders/latest` is not swallowed by `/orders/{id}`.
            .sort((a, b) => literalCount(b.segments) - literalCount(a.segments));
    }

    match(method: string, pathname: string): RouteMatch<T> | RouteMiss {
        const segments = splitPath(pathname);
        const allow: string[] = [];
        for (const route of this.routes) {
            const params = matchSegments(route.segments, segments);
            if (!params) continue;
            if (route.method === method.toUpperCase()) return { key: route.key, value: route.value, params };
            if (!allow.includes(route.method)) allow.push(route.method);
        }
        return { status: allow.length ? 405 : 404, allow };
    }
}

/** True when a {@link Router.match} result is a match. */
export function isMatch<T>(result: RouteMatch<T> | RouteMiss): result is RouteMatch<T> {
    return "key" in result;
}

function literalCount(segments: readonly string[]): number {
    return segments.filter((s) => !isParam(s)).length;
}

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
    if (pattern.length !== actual.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < pattern.length; i++) {
        const p = pattern[i];
        if (isParam(p)) {
            let value: string;
            try {
                value = decodeURIComponent(actual[i]);
            } catch {
                return undefined;
            }
            params[p.slice(1, -1)] = value;
        } else if (p !== actual[i]) {
            return undefined;
        }
    }
    return params;
}
