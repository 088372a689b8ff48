import { RouteKey } from "./types";

/** The HTTP methods a route key may use. */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A validated route key. */
export interface Route {
    /** As given, e.g. `GET /aggregate/{id}`. */
    readonly key: RouteKey;
    readonly method: HttpMethod;
    /** `/aggregate/{id}`: the same template syntax on API Gateway, API Management and OpenAPI. */
    readonly path: string;
    /** Path parameter names, in order. */
    readonly params: readonly string[];
    /** Stable, name-safe id of the route (`get-aggregate-id`), unique within one front door. */
    readonly slug: string;
}

const EXPECTED = "expected 'METHOD /path/{param}', e.g. 'GET /aggregate/{id}'";
const SEGMENT = /^(?:[A-Za-z0-9._~-]+|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

function parseRoute(owner: string, key: RouteKey): Omit<Route, "slug"> {
    const fail = (why: string): never => {
        throw new Error(`${owner}: route '${key}' is not valid: ${why}; ${EXPECTED}`);
    };
    const match = /^(\S+) (\S+)$/.exec(key);
    if (!match) return fail("it must be a method and a path separated by one space");
    const [, method, path] = match;
    if (!(HTTP_METHODS as readonly string[]).includes(method)) {
        fail(`method '${method}' must be one of ${HTTP_METHODS.join(", ")}`);
    }
    if (!path.startsWith("/")) fail(`path '${path}' must start with '/'`);
    const segments = path === "/" ? [] : path.slice(1).split("/");
    const params: string[] = [];
    for (const segment of segments) {
        if (!SEGMENT.test(segment)) {
            fail(
                `path segment '${segment}' must be literal text (letters, digits, . _ ~ -) or one whole '{param}' ` +
                    `with balanced braces and a name of letters, digits and _`,
            );
        }
        if (segment.startsWith("{")) {
            const name = segment.slice(1, -1);
            if (params.includes(name)) fail(`path parameter '{${name}}' appears twice`);
            params.push(name);
        }
    }
    return { key, method: method as HttpMethod, path, params };
}

/**
 * Validates route keys once, for every cloud's front door: a method from {@link HTTP_METHODS},
 * a path starting with `/`, parameters as whole `{name}` segments, no duplicates. The error
 * names the component, the bad key and the form expected.
 */
export function parseRoutes(owner: string, keys: readonly RouteKey[]): Route[] {
    if (keys.length === 0) throw new Error(`${owner}: at least one route is required; ${EXPECTED}`);
    const seen = new Set<string>();
    const slugs = new Set<string>();
    return keys.map((key) => {
        const route = parseRoute(owner, key);
        const canonical = `${route.method} ${route.path.replace(/\{[^}]+\}/g, "{}")}`;
        if (seen.has(canonical)) throw new Error(`${owner}: route '${key}' duplicates an earlier route (${canonical})`);
        seen.add(canonical);
        const base = `${route.method}${route.path}`
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/-+$/, "");
        let slug = base;
        for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
        slugs.add(slug);
        return { ...route, slug };
    });
}
