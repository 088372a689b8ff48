/**
 * The Event Sourcing HTTP API, cloud-neutral:
 *   POST /streams/{id}          {command, expectedVersion?} (+ If-Match) -> 201 new version | 409 current | 422 refused
 *   GET  /streams/{id}[?at=]    state and version (now, or at a past moment)
 *   GET  /streams/{id}/events   the events (fromVersion, toVersion, at)
 */
import type { HttpHandler } from "../contracts";
import { readBodyText } from "../http/body";
import { HttpError, jsonResponse, problemResponse } from "../http/problem";
import { routeMissError } from "../http/route-miss";
import { isMatch, Router } from "../http/routes";
import {
    AggregateResult,
    EventStore,
    EventStoreArgumentError,
    ExpectedVersion,
    meetsExpectedVersion,
    RecordedEvent,
    VersionConflictError,
} from "../stores/event-store/port";
import { Decider, isCommandRejectedError, isInvalidCommandError } from "./decider";
import { etagOf, expectedVersionOf } from "./expected-version";
import { COMMAND_ROUTES } from "./settings-document";

export interface EventSourcingHttpOptions {
    readonly store: EventStore;
    readonly decider: Decider;
    /** Events between snapshots (0 = none). */
    readonly snapshotEvery: number;
    /** Times a command the client did not pin to a version is decided again after losing a race. @default 5 */
    readonly maxDecideAttempts?: number;
    /** Largest command body taken, in bytes; beyond it the answer is 413. @default {@link DEFAULT_MAX_COMMAND_BYTES} */
    readonly maxBodyBytes?: number;
}

/**
 * A command's body limit by default: 64 KiB. A command is a small JSON document whose events must
 * fit the tightest store's item (DynamoDB: 400 KB an item); every front door's own limit is far
 * higher (docs/runtimes.md), so the function answers the same 413 on every cloud.
 */
export const DEFAULT_MAX_COMMAND_BYTES = 64 * 1024;

/**
 * Stream ids the API takes: 1 to 200 characters (the stores' limit), ASCII letters and digits
 * first, then also `.`, `_`, `:`, `@` and `-`; no spaces, CR/LF or other control characters,
 * which would travel into logs, headers (Location) and store keys.
 */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/** Most events one GET of /events returns; the answer's `next` continues from there. */
export const EVENTS_PAGE = 1000;

type Route = (request: Request, stream: string, url: URL) => Promise<Response>;

export function createEventSourcingHandler(options: EventSourcingHttpOptions): HttpHandler {
    const { store, decider, snapshotEvery } = options;
    const maxDecideAttempts = options.maxDecideAttempts ?? 5;
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_COMMAND_BYTES;
    const aggregate = (stream: string, until?: Date) =>
        store.aggregateStream(stream, { evolve: decider.evolve, initialState: decider.initialState, until, snapshotEvery });

    const command: Route = async (request, stream) => {
        const body = await jsonBody(request, maxBodyBytes);
        const pinned = expectedVersionOf(request.headers, body.expectedVersion);
        for (let attempt = 1; ; attempt++) {
            const current = await aggregate(stream);
            if (pinned !== undefined && !meetsExpectedVersion(pinned, current.version)) throw conflict(stream, pinned, current.version);
            const decided = await decideOrReject(decider, body.command, current.state);
            if (decided.length === 0) return jsonResponse(200, view(stream, current), { etag: etagOf(current.version) });
            try {
                // Always the version the decision was made on: the events are only right for that state.
                const appended = await store.appendToStream(stream, decided, { expectedVersion: current.version });
                const state = appended.events.reduce(decider.evolve, current.state);
                return jsonResponse(
                    201,
                    { stream, version: appended.nextExpectedVersion, state, events: appended.events.map(eventView) },
                    { etag: etagOf(appended.nextExpectedVersion), location: `/streams/${encodeURIComponent(stream)}` },
                );
            } catch (err) {
                if (!(err instanceof VersionConflictError)) throw err;
                const clientPinnedAVersion = typeof pinned === "number" || pinned === "no-stream";
                if (clientPinnedAVersion || attempt >= maxDecideAttempts) throw conflict(stream, pinned ?? current.version, err.actual);
            }
        }
    };

    const state: Route = async (_request, stream, url) => {
        const at = atOf(url);
        const result = await aggregate(stream, at);
        if (result.version === 0) {
            throw new HttpError(
                404,
                "Stream not found",
                at ? `stream '${stream}' had no events at or before ${at.toISOString()}` : `stream '${stream}' has no events`,
            );
        }
        return jsonResponse(200, { ...view(stream, result), ...(at ? { at: at.toISOString() } : {}) }, { etag: etagOf(result.version) });
    };

    const events: Route = async (_request, stream, url) => {
        const fromVersion = versionParam(url, "fromVersion", 1);
        const toVersion = Math.min(versionParam(url, "toVersion", Number.MAX_SAFE_INTEGER), fromVersion + EVENTS_PAGE - 1);
        const read = await store.readStream(stream, { fromVersion, toVersion, until: atOf(url) });
        const full = read.length === EVENTS_PAGE;
        return jsonResponse(200, { stream, events: read.map(eventView), ...(full ? { next: read[read.length - 1].version + 1 } : {}) });
    };

    const router = new Router<Route>({
        [COMMAND_ROUTES.command]: command,
        [COMMAND_ROUTES.state]: state,
        [COMMAND_ROUTES.events]: events,
    });

    return async (request) => {
        const url = new URL(request.url);
        const match = router.match(request.method, url.pathname);
        try {
            if (!isMatch(match)) {
                throw routeMissError(match, request.method, url.pathname, Object.values(COMMAND_ROUTES));
            }
            return await match.value(request, streamIdOf(match.params.id), url);
        } catch (err) {
            if (err instanceof HttpError) return problemResponse(err, request);
            if (err instanceof EventStoreArgumentError) return problemResponse(new HttpError(400, "Bad request", err.message), request);
            console.error("event sourcing: request failed", err);
            return problemResponse(
                new HttpError(500, "Internal error", "the request could not be handled (see the function log); it can be retried"),
                request,
            );
        }
    };
}

function conflict(stream: string, expected: ExpectedVersion, current: number): HttpError {
    return new HttpError(
        409,
        "Version conflict",
        `stream '${stream}' is at version ${current}, not ${JSON.stringify(expected)}: read it again and resend`,
        { stream, expectedVersion: expected, currentVersion: current },
        { etag: etagOf(current) },
    );
}

async function decideOrReject(decider: Decider, command: unknown, state: unknown) {
    try {
        return await decider.decide(command, state);
    } catch (err) {
        if (isCommandRejectedError(err)) throw new HttpError(422, "Command rejected", err.message);
        if (isInvalidCommandError(err)) throw new HttpError(400, "Invalid command", err.message, { field: "command" });
        throw err;
    }
}

function streamIdOf(id: string): string {
    if (STREAM_ID_PATTERN.test(id)) return id;
    throw new HttpError(
        400,
        "Invalid stream id",
        `the stream id must be 1 to 200 characters matching ${STREAM_ID_PATTERN.source} (letters, digits, then also . _ : @ -), got ${JSON.stringify(id)}`,
        { field: "stream" },
    );
}

async function jsonBody(request: Request, maxBodyBytes: number): Promise<{ command: unknown; expectedVersion?: unknown }> {
    const text = await readBodyText(request, maxBodyBytes);
    let body: unknown;
    try {
        body = JSON.parse(text);
    } catch {
        throw new HttpError(400, "Malformed JSON", 'the body must be JSON: {"command": {...}, "expectedVersion"?: n}');
    }
    if (
        typeof body !== "object" ||
        body === null ||
        Array.isArray(body) ||
        typeof (body as { command?: unknown }).command !== "object" ||
        (body as { command?: unknown }).command === null
    ) {
        throw new HttpError(
            400,
            "Missing command",
            'the body must be an object with a "command" object, e.g. {"command": {"type": "deposit", "amount": 200}}',
            { field: "command" },
        );
    }
    return body as { command: unknown; expectedVersion?: unknown };
}

function atOf(url: URL): Date | undefined {
    const at = url.searchParams.get("at");
    if (at === null) return undefined;
    const date = new Date(at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(date.getTime())) {
        throw new HttpError(400, "Invalid at", `at must be an ISO 8601 date-time such as 2024-01-31T15:00:00Z, got ${JSON.stringify(at)}`, {
            field: "at",
        });
    }
    return date;
}

function versionParam(url: URL, name: string, fallback: number): number {
    const raw = url.searchParams.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || !Number.isSafeInteger(n))
        throw new HttpError(400, `Invalid ${name}`, `${name} must be a whole number >= 1, got ${JSON.stringify(raw)}`, { field: name });
    return n;
}

function view(stream: string, result: AggregateResult<unknown>) {
    return { stream, version: result.version, state: result.state };
}

function eventView(e: RecordedEvent) {
    return {
        version: e.version,
        eventId: e.eventId,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        recordedAt: e.recordedAt.toISOString(),
    };
}
