/**
 * Route templates `METHOD /path/{param}`: the same syntax as API Gateway route keys,
 * APIM URL templates and OpenAPI paths, so one string configures the front door and the handler.
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

type Segment = { readonly literal: string } | { readonly param: string };

/** The route template is malformed; the message says what is allowed. */
export class RouteTemplateError extends Error {
    constructor(route: string, problem: string) {
        super(`route '${route}' ${problem}; expected 'METHOD /path/{param}' with METHOD one of ${METHODS.join(", ")}`);
        this.name = "RouteTemplateError";
    }
}

/** A request path held a percent-escape that does not decode (a client error). */
export class MalformedPathError extends Error {
    constructor(segment: string) {
        super(`path segment '${segment}' is not valid percent-encoded UTF-8`);
        this.name = "MalformedPathError";
    }
}

export class RouteTemplate {
    /** Names of the path parameters, in order. */
    readonly params: readonly string[];

    private constructor(
        readonly method: string,
        readonly path: string,
        private readonly segments: readonly Segment[],
    ) {
        this.params = segments.flatMap((s) => ("param" in s ? [s.param] : []));
    }

    static parse(route: string): RouteTemplate {
        const match = /^([A-Z]+) (\/\S*)$/.exec(route);
        if (!match) throw new RouteTemplateError(route, "is not 'METHOD /path'");
        const [, method, path] = match;
        if (!(METHODS as readonly string[]).includes(method)) throw new RouteTemplateError(route, `has method '${method}'`);
        const segments = path
            .split("/")
            .slice(1)
            .map((text): Segment => {
                if (!text.includes("{") && !text.includes("}")) return { literal: text };
                const param = /^\{(.*)\}$/.exec(text)?.[1];
                if (param === undefined || !PARAM_NAME.test(param)) {
                    throw new RouteTemplateError(route, `has segment '${text}'; a parameter is a whole segment '{name}' with name matching ${PARAM_NAME}`);
                }
                return { param };
            });
        const names = segments.flatMap((s) => ("param" in s ? [s.param] : []));
        const repeated = names.find((n, i) => names.indexOf(n) !== i);
        if (repeated) throw new RouteTemplateError(route, `names parameter '${repeated}' twice`);
        return new RouteTemplate(method, path, segments);
    }

    /**
     * The decoded path parameters when `pathname` fits the template, else undefined.
     * One trailing slash is tolerated. Throws {@link MalformedPathError} on a bad escape.
     */
    match(pathname: string): Record<string, string> | undefined {
        const parts = pathname.replace(/(.)\/$/, "$1").split("/").slice(1);
        if (parts.length !== this.segments.length) return undefined;
        const params: Record<string, string> = {};
        for (const [i, segment] of this.segments.entries()) {
            const part = parts[i];
            if ("literal" in segment) {
                if (part !== segment.literal) return undefined;
            } else {
                if (part === "") return undefined;
                params[segment.param] = decodeSegment(part);
            }
        }
        return params;
    }

    toString(): string {
        return `${this.method} ${this.path}`;
    }
}

function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        throw new MalformedPathError(segment);
    }
}

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
