import { ConfigError, ConfigReader } from "../config";
import { parseRouteKey } from "../http/routes";
import { AGGREGATED_METHODS, MAX_TIMEOUT_MS, MIN_BACKEND_TIMEOUT_MS } from "./settings-document";
import { placeholdersOf } from "./url-template";

/** A route key `METHOD /path/{param}`, split. */
export interface RouteSettings {
    readonly key: string;
    readonly method: string;
    readonly path: string;
    readonly params: readonly string[];
}

/** One backend the aggregator calls, as the component wrote it into CLOUD_PATTERNS_CONFIG. */
export interface BackendSettings {
    /** Key of this backend's body in the merged response; also how failures name it. */
    readonly name: string;
    /** http(s) URL; `{param}` placeholders are filled from the route's path parameters. */
    readonly url: string;
    /** Time allowed for one attempt, in ms. */
    readonly timeoutMs: number;
    /** A failed required backend fails the request (502); a failed optional one is left out. */
    readonly required: boolean;
}

export interface AggregationSettings {
    readonly route: RouteSettings;
    /** The whole request's budget, in ms, retries included. */
    readonly timeoutMs: number;
    readonly backends: readonly BackendSettings[];
}

/** Builds the settings from the config document; errors name the field that is wrong. */
export function parseSettings(config: ConfigReader): AggregationSettings {
    const key = config.string("route");
    let route: RouteSettings;
    try {
        route = { key, ...parseRouteKey(key) };
    } catch (err) {
        throw new ConfigError(`'route': ${(err as Error).message}`);
    }
    if (!AGGREGATED_METHODS.includes(route.method)) {
        throw new ConfigError(`'route' must use one of ${AGGREGATED_METHODS.join(", ")}, got '${key}'`);
    }
    const timeoutMs = config.number("timeoutMs", MIN_BACKEND_TIMEOUT_MS, MAX_TIMEOUT_MS);
    const entries = config.array("backends");
    if (entries.length === 0) throw new ConfigError("'backends' must list at least one backend");
    const backends = entries.map((entry, i) => parseBackend(entry, `backends[${i}]`, route, timeoutMs));
    const names = backends.map((b) => b.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated) throw new ConfigError(`'backends' names '${repeated}' twice; backend names must be unique`);
    return { route, timeoutMs, backends };
}

function parseBackend(entry: ConfigReader, field: string, route: RouteSettings, budgetMs: number): BackendSettings {
    const name = entry.string("name");
    const url = entry.string("url");
    for (const placeholder of placeholdersOf(url)) {
        if (!route.params.includes(placeholder)) {
            throw new ConfigError(`'${field}.url' uses '{${placeholder}}' but route '${route.key}' has only ${describeParams(route)}`);
        }
    }
    if (!isHttpUrl(url.replace(/\{[^{}]*\}/g, "x")))
        throw new ConfigError(`'${field}.url' must be an http(s) URL, got ${JSON.stringify(url)}`);
    return {
        name,
        url,
        timeoutMs: entry.optionalNumber("timeoutMs", budgetMs, MIN_BACKEND_TIMEOUT_MS, budgetMs),
        required: entry.boolean("required", true),
    };
}

function describeParams(route: RouteSettings): string {
    return route.params.length ? route.params.map((p) => `{${p}}`).join(", ") : "no parameters";
}

function isHttpUrl(text: string): boolean {
    try {
        const { protocol } = new URL(text);
        return protocol === "http:" || protocol === "https:";
    } catch {
        return false;
    }
}
