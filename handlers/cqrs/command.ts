/**
 * The command API, cloud-neutral, on the write model:
 *   PUT    /{entity}/{id}  replace (or create) -> 200 | 201, ETag = the new version
 *   PATCH  /{entity}/{id}  merge into the current document -> 200
 *   DELETE /{entity}/{id}  -> 200 with the tombstone's version
 * `If-Match: "<version>"` (or `*`) and `If-None-Match: *` are checked against the stored version:
 * 409 with the current version. A command the module refuses is 422 naming the reason.
 */
import type { HttpHandler } from "../contracts";
import { HttpError, jsonResponse } from "../http/problem";
import { etagOf, expectedVersionOf } from "../event-sourcing/expected-version";
import { DocumentStore, DocumentVersionConflictError, NextDocument, StoredDocument } from "../stores/documents/port";
import type { ExpectedVersion } from "../stores/event-store/port";
import { Command, CommandModule, isCommandRefusedError, JsonDocument } from "./command-module";
import { documentId, Route, routedHandler } from "./http-errors";
import { commandRoutes } from "./settings-document";

export interface CommandApiOptions {
    readonly entity: string;
    /** The key field: set to the path id in every stored document. */
    readonly key: string;
    readonly store: DocumentStore;
    readonly module: CommandModule;
    /** Times an unpinned command is decided again after losing a race. @default 5 */
    readonly maxAttempts?: number;
}

export function createCommandHandler(options: CommandApiOptions): HttpHandler {
    const { entity, key, store, module } = options;
    const maxAttempts = options.maxAttempts ?? 5;

    const handle =
        (kind: Command["kind"]): Route =>
        async (request, params) => {
            const id = documentId(params.id);
            const body = kind === "delete" ? undefined : await documentBody(request, key, id);
            const pinned = expectedVersionOf(request.headers, undefined);
            for (let attempt = 1; ; attempt++) {
                const current = await store.read(id);
                const live = current && !current.deleted ? current : undefined;
                if (pinned !== undefined && !meets(pinned, current)) throw conflict(id, pinned, current);
                if (kind !== "put" && live === undefined) {
                    throw new HttpError(404, "Not found", `${entity} '${id}' does not exist; PUT creates it`);
                }
                const next = await decide(module, { kind, id, body }, live?.document);
                try {
                    const written = await store.write(
                        id,
                        next === null ? { deleted: true } : withKey(next, key, id),
                        current?.version ?? 0,
                    );
                    return answer(entity, written, live === undefined);
                } catch (err) {
                    if (!(err instanceof DocumentVersionConflictError)) throw err;
                    if (pinned !== undefined || attempt >= maxAttempts)
                        throw conflict(id, pinned ?? current?.version ?? 0, await store.read(id));
                }
            }
        };

    const [put, patch, del] = commandRoutes(entity);
    return routedHandler("cqrs command", { [put]: handle("put"), [patch]: handle("patch"), [del]: handle("delete") });
}

/** Preconditions against the stored version; a tombstone counts as absent for `*` and If-None-Match. */
function meets(expected: ExpectedVersion, current: StoredDocument | undefined): boolean {
    const live = current !== undefined && !current.deleted;
    switch (expected) {
        case "any":
            return true;
        case "no-stream":
            return !live;
        case "stream-exists":
            return live;
        default:
            return (current?.version ?? 0) === expected;
    }
}

async function decide(module: CommandModule, command: Command, current: JsonDocument | undefined): Promise<JsonDocument | null> {
    try {
        const next = await module.decide(command, current);
        if (next !== null && (typeof next !== "object" || Array.isArray(next))) {
            throw new Error(`the command module's decide returned ${JSON.stringify(next)}; it must return an object or null`);
        }
        return next;
    } catch (err) {
        if (isCommandRefusedError(err)) throw new HttpError(422, "Command refused", err.reason, { reason: err.reason });
        throw err;
    }
}

function withKey(document: JsonDocument, key: string, id: string): NextDocument {
    return { deleted: false, document: { ...document, [key]: id } };
}

function answer(entity: string, written: StoredDocument, created: boolean): Response {
    const headers = { etag: etagOf(written.version), location: `/${entity}/${encodeURIComponent(written.id)}` };
    const body = written.deleted
        ? { id: written.id, version: written.version, deleted: true }
        : { id: written.id, version: written.version, document: written.document };
    return jsonResponse(created && !written.deleted ? 201 : 200, body, headers);
}

/** The 409 answer, thrown so the router renders it as a problem document of this request. */
function conflict(id: string, expected: ExpectedVersion, current: StoredDocument | undefined): HttpError {
    const version = current?.version ?? 0;
    return new HttpError(
        409,
        "Version conflict",
        `'${id}' is at version ${version}${current?.deleted ? " (deleted)" : ""}, not ${JSON.stringify(expected)}: read it again and resend`,
        { id, expectedVersion: expected, currentVersion: version },
        { etag: etagOf(version) },
    );
}

async function documentBody(request: Request, key: string, id: string): Promise<JsonDocument> {
    let body: unknown;
    try {
        body = JSON.parse(await request.text());
    } catch {
        throw new HttpError(400, "Malformed JSON", "the body must be a JSON object: the document");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new HttpError(400, "Not a document", `the body must be a JSON object, got ${JSON.stringify(body)?.slice(0, 80)}`);
    }
    const given = (body as JsonDocument)[key];
    if (given !== undefined && given !== id) {
        throw new HttpError(
            400,
            "Key mismatch",
            `the body's ${key} is ${JSON.stringify(given)} but the path says '${id}'; leave it out or make them equal`,
            {
                field: key,
            },
        );
    }
    return body as JsonDocument;
}
