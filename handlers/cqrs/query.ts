/**
 * The query API, cloud-neutral, on the read model:
 *   GET /{entity}/{id}[?minVersion=n]   one document; 503 + Retry-After while the read model is older than n
 *   GET /{entity}?q=&filter=&sort=&limit=&cursor=   a page (query-params.ts)
 * `minVersion` gives read-your-writes on request: pass the version (ETag) a command returned.
 */
import type { HttpHandler } from "../contracts";
import { etagOf } from "../event-sourcing/expected-version";
import { HttpError, jsonResponse } from "../http/problem";
import type { ReadDocument, ReadModelStore } from "../stores/read-model/port";
import { documentId, Route, routedHandler } from "./http-errors";
import { integerParam, nextCursor, parseSearchQuery } from "./query-params";
import { queryRoutes, ReadModelDocument } from "./settings-document";

export interface QueryApiOptions {
    readonly readModel: ReadModelDocument;
    readonly store: ReadModelStore;
    /** Seconds a client is told to wait for a version not yet projected. @default 1 */
    readonly retryAfterSeconds?: number;
}

export function createQueryHandler(options: QueryApiOptions): HttpHandler {
    const { readModel, store } = options;
    const retryAfter = String(options.retryAfterSeconds ?? 1);

    const one: Route = async (_request, params, url) => {
        const id = documentId(params.id);
        const minVersion = url.searchParams.has("minVersion")
            ? integerParam(url.searchParams.get("minVersion"), "minVersion", 0, 1, Number.MAX_SAFE_INTEGER)
            : undefined;
        const found = (await store.getMany([id])).get(id);
        if (minVersion !== undefined && (found?.version ?? 0) < minVersion) {
            throw new HttpError(
                503,
                "Not yet projected",
                `the read model has '${id}' at version ${found?.version ?? 0}; version ${minVersion} is still on its way, retry after ${retryAfter} s`,
                { id, minVersion, projectedVersion: found?.version ?? 0 },
                { "retry-after": retryAfter },
            );
        }
        if (found === undefined || found.deleted)
            throw new HttpError(404, "Not found", `${readModel.entity} '${id}' is not in the read model`);
        return jsonResponse(200, view(found), { etag: etagOf(found.version) });
    };

    const list: Route = async (_request, _params, url) => {
        const query = parseSearchQuery(url, readModel);
        const page = await store.search(query);
        return jsonResponse(200, {
            items: page.items.map(view),
            ...(page.more ? { next: nextCursor(query.offset + page.items.length) } : {}),
        });
    };

    const [listRoute, oneRoute] = queryRoutes(readModel.entity);
    return routedHandler("cqrs query", { [listRoute]: list, [oneRoute]: one });
}

function view(document: ReadDocument) {
    return { id: document.id, version: document.version, document: document.document };
}
